import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useApp } from "../state/context";

export interface FrictionPick {
  taskId: string;
  stepId?: string;
  source?: "signal" | "annotation";
  kind?: string;
}

/**
 * One click from a problem on the journey map to a reel of it: a clip around the first
 * moment of it in every session that met it; then the reel, ready to share.
 */
export function MakeReelButton({
  studyId,
  pick,
  label = "Make a reel",
}: {
  studyId: string;
  pick: FrictionPick;
  label?: string;
}) {
  const app = useApp();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    try {
      const reel = await app.api.reelFromFriction(studyId, pick);
      app.notify(`Reel “${reel.title}” made of ${reel.clips.length} clips.`);
      route(`/studies/${studyId}/clips?reel=${reel.id}`);
    } catch (err) {
      app.notify((err as Error).message, "error");
      setBusy(false);
    }
  };
  return (
    <button type="button" class="small" onClick={make} disabled={busy} data-testid="make-reel-from-map">
      {busy ? "Making the reel…" : label}
    </button>
  );
}
