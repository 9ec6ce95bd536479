/**
 * The benchmark's anchor, run in the page in place of recorder.js: bare `@rrweb/record`
 * (every typed value masked, nothing else set) whose buffer is gzipped (CompressionStream)
 * and sent every 5 s, and on pagehide sent as it is with keepalive: what a site gets from
 * rrweb with the least code around it. Built by the benchmark (esbuild), never shipped.
 */
import { record } from "@rrweb/record";

const SINK = "/__bench/rrweb-sink";
let buffer: unknown[] = [];

record({ emit: (event) => void buffer.push(event), maskAllInputs: true });

async function send(): Promise<void> {
  if (buffer.length === 0) return;
  const json = JSON.stringify(buffer);
  buffer = [];
  const gz = new Blob([json]).stream().pipeThrough(new CompressionStream("gzip"));
  const body = await new Response(gz).arrayBuffer();
  await fetch(SINK, { method: "POST", body, headers: { "content-type": "application/gzip" } }).catch(
    () => {},
  );
}

setInterval(() => void send(), 5000);
addEventListener("pagehide", () => {
  if (buffer.length === 0) return;
  const json = JSON.stringify(buffer);
  buffer = [];
  void fetch(SINK, {
    method: "POST",
    body: json,
    keepalive: true,
    headers: { "content-type": "application/json" },
  });
});
