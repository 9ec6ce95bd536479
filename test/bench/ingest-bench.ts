/**
 * Benchmark: recording ingest against local mode (`npm start`: embedded dynalite + s3rver,
 * the in-process worker) over loopback HTTP. N participants, each through a real invite and
 * consent, send M gzip chunks of about 40 recorded events, every chunk twice (the copy is a
 * retry: every fourth chunk's copy races the original, the others follow its answer). Two
 * modes in one run, each with fresh sessions: as fast as they can, and paced at one chunk per
 * participant per second. Lost and doubled chunks are counted by reading every session's
 * chunk index and event stream back through the reviewer API.
 *
 *   npm run bench:ingest -- [--participants 50] [--chunks 30]
 */
import { readdirSync, readFileSync } from "node:fs";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";
import { exampleStudyInput } from "../fixtures/studies";
import { npmStart } from "../setup/local-process";
import { freePort } from "../setup/storage";
import { benchSettings } from "./bench-settings";
import { type BenchChunk, participantChunks } from "./ingest-events";

const args = parseArgs({
  usage: "npm run bench:ingest -- [--participants N] [--chunks N]",
  about:
    "Starts the platform with npm start (its own free ports and a temporary data dir unless the settings\nare given) and sends recording chunks from N participants at once, every chunk twice: as fast as\nthey can, then paced at one chunk per participant per second. Prints requests/s, p50 and p99\nlatency, and the chunks lost or doubled as read back through the API.",
  options: {
    participants: { description: "participants at once", default: 50, min: 1, max: 500 },
    chunks: { description: "chunks per participant and mode", default: 30, min: 1, max: 10_000 },
  },
});
oneLineErrors();

const ORIGIN = "http://localhost:8788";
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Participant {
  sessionId: string;
  token: string;
  chunks: BenchChunk[];
}

const settings = benchSettings("fm-ingest-bench-");
const port = settings.port || (await freePort());
const adminToken = settings.adminToken;
const platform = await npmStart({
  PORT: String(port),
  DEMO_PORT: String(settings.demoPort || (await freePort())),
  FRICTIONMAP_DATA_DIR: settings.dataDir,
  FRICTIONMAP_ADMIN_TOKEN: adminToken,
});
const base = `http://127.0.0.1:${port}`;
const reviewer = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...reviewer, ...init.headers } });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** N participants of a new live study, each through its invite link and consent. */
async function enrol(n: number, chunks: number): Promise<Participant[]> {
  const study = await api<{ id: string }>("/api/studies", {
    method: "POST",
    body: JSON.stringify({ ...exampleStudyInput(), origins: [ORIGIN], status: "live" }),
  });
  const { invites } = await api<{ invites: { url: string }[] }>(`/api/studies/${study.id}/invites`, {
    method: "POST",
    body: JSON.stringify({ count: n }),
  });
  return Promise.all(
    invites.map(async (invite, p) => {
      // The participant opens the link (the consent page), then consents.
      const path = new URL(invite.url).pathname;
      const page = await fetch(`${base}${path}`);
      const textVersion = /textVersion: "([^"]+)"/.exec(await page.text())?.[1];
      if (!textVersion) throw new Error(`the invite page ${page.status} names no consent text version`);
      const token = path.split("/i/")[1];
      const accepted = await api<{ sessionId: string; sessionToken: string }>(
        `/api/invites/${token}/accept`,
        {
          method: "POST",
          body: JSON.stringify({ consent: true, textVersion }),
        },
      );
      return {
        sessionId: accepted.sessionId,
        token: accepted.sessionToken,
        chunks: participantChunks(p, chunks),
      };
    }),
  );
}

function send(p: Participant, chunk: BenchChunk, latencies: number[], statuses: Map<number, number>) {
  const t0 = performance.now();
  return fetch(`${base}/api/ingest/sessions/${p.sessionId}/chunks/${chunk.seq}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${p.token}`, "content-type": "application/gzip", origin: ORIGIN },
    body: new Uint8Array(chunk.gz),
  }).then(async (res) => {
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  });
}

/** One chunk and its copy: a racing copy for every fourth chunk, else a retry after the answer. */
async function sendTwice(
  p: Participant,
  chunk: BenchChunk,
  latencies: number[],
  statuses: Map<number, number>,
) {
  if (chunk.seq % 4 === 3) {
    await Promise.all([send(p, chunk, latencies, statuses), send(p, chunk, latencies, statuses)]);
  } else {
    await send(p, chunk, latencies, statuses);
    await send(p, chunk, latencies, statuses);
  }
}

/** Reads every session back: a seq missing from the index or the stream is lost, one twice is doubled. */
async function verify(participants: Participant[]) {
  let lost = 0;
  let doubled = 0;
  for (const p of participants) {
    const detail = await api<{ recording: { seqs: number[] } }>(`/api/sessions/${p.sessionId}`);
    const seqs = detail.recording.seqs;
    const expected = p.chunks.length;
    lost += p.chunks.filter((c) => !seqs.includes(c.seq)).length;
    doubled += seqs.length - new Set(seqs).size;
    const events = await api<unknown[]>(`/api/sessions/${p.sessionId}/events`);
    const sent = p.chunks.reduce((n, c) => n + c.events, 0);
    if (events.length !== sent) {
      const delta = Math.round((events.length - sent) / (sent / expected));
      if (delta > 0) doubled += delta;
      else lost += -delta;
    }
  }
  return { lost, doubled };
}

/** CPU seconds used so far by the platform's processes (its process group), from /proc. */
function platformCpuSeconds(): number {
  const group = platform.child.pid;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}

async function mode(name: string, participants: Participant[], paced: boolean) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const cpu = { bench: process.cpuUsage(), platform: platformCpuSeconds() };
  const started = performance.now();
  await Promise.all(
    participants.map(async (p, i) => {
      // Paced: one chunk a second each, the participants spread over the second.
      const offset = paced ? (i / participants.length) * 1000 : 0;
      for (const chunk of p.chunks) {
        if (paced) await sleep(started + offset + chunk.seq * 1000 - performance.now());
        await sendTwice(p, chunk, latencies, statuses);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const benchCpu = process.cpuUsage(cpu.bench);
  const load = {
    platform: (platformCpuSeconds() - cpu.platform) / seconds,
    bench: (benchCpu.user + benchCpu.system) / 1e6 / seconds,
  };
  latencies.sort((a, b) => a - b);
  const { lost, doubled } = await verify(participants);
  const codes = [...statuses]
    .sort()
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
  console.log(
    `${name.padEnd(22)} ${String(latencies.length).padStart(6)} req  ${(latencies.length / seconds).toFixed(0).padStart(5)} req/s  ` +
      `p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(latencies, 99).toFixed(1).padStart(6)} ms  ` +
      `lost ${lost}  doubled ${doubled}  (${codes}; CPU cores busy: platform ${load.platform.toFixed(2)}, bench ${load.bench.toFixed(2)})`,
  );
  return { lost, doubled };
}

try {
  const n = args.participants;
  const m = args.chunks;
  // Warm-up (JIT, connections) is not measured.
  await mode("warm-up", await enrol(Math.min(n, 10), 5), false);
  console.log(
    `Frictionmap ingest benchmark: local mode (npm start), ${n} participants × ${m} chunks of ~40 events, every chunk sent twice`,
  );
  const fast = await mode("as fast as possible", await enrol(n, m), false);
  const paced = await mode("paced 1 chunk/s each", await enrol(n, m), true);
  if (fast.lost + fast.doubled + paced.lost + paced.doubled > 0) process.exitCode = 1;
} finally {
  await platform.stop();
  settings.cleanup();
}
