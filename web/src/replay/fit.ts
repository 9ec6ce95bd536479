import type { Replayer } from "rrweb";

/**
 * Scales rrweb's replay into its stage, keeping the recorded viewport's aspect ratio; the
 * iframe's own size (as rrweb applied it) is the truth. Returns the size it fitted.
 */
export function fitReplay(
  replayer: Replayer,
  stage: HTMLElement,
  opts: { center?: boolean; fallback?: { width: number; height: number } } = {},
): { width: number; height: number } {
  const iframe = replayer.iframe;
  const width = Number(iframe?.getAttribute("width")) || opts.fallback?.width || 1280;
  const height = Number(iframe?.getAttribute("height")) || opts.fallback?.height || 800;
  const wrapper = replayer.wrapper;
  const box = stage.getBoundingClientRect();
  const scale = Math.min(box.width / width, box.height / height) || 1;
  wrapper.style.transform = `scale(${scale})`;
  wrapper.style.transformOrigin = "top left";
  wrapper.style.position = "absolute";
  wrapper.style.left = `${Math.max(0, (box.width - width * scale) / 2)}px`;
  wrapper.style.top = opts.center ? `${Math.max(0, (box.height - height * scale) / 2)}px` : "0px";
  return { width, height };
}
