import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { seededRandom } from "../../functions/src/local/seeded-random";

export interface FaultStats {
  forwarded: number;
  failedBefore: number;
  failedAfter: number;
  refusedWhileDown: number;
}

/**
 * A reverse proxy on loopback that makes the participant API unreliable: a share of
 * ingest requests fail before reaching the platform (503), as many fail after the platform
 * handled them (the answer is replaced by a 502, so the client retries something already
 * stored), and during `down()` every ingest connection is cut.
 */
export async function startFlakyProxy(opts: {
  port: number;
  target: string;
  failRate: number;
  seed: number;
}) {
  const random = seededRandom(opts.seed);
  const stats: FaultStats = { forwarded: 0, failedBefore: 0, failedAfter: 0, refusedWhileDown: 0 };
  let downUntil = 0;
  const target = new URL(opts.target);

  const forward = (req: IncomingMessage, res: ServerResponse, failAfter: boolean) => {
    const upstream = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        stats.forwarded++;
        if (failAfter) {
          up.resume();
          up.on("end", () => {
            stats.failedAfter++;
            res.writeHead(502, { "access-control-allow-origin": String(req.headers.origin ?? "*") });
            res.end();
          });
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const faulty = (req.url ?? "").startsWith("/api/ingest/") && req.method !== "OPTIONS";
    if (!faulty) return forward(req, res, false);
    if (Date.now() < downUntil) {
      stats.refusedWhileDown++;
      req.socket.destroy();
      return;
    }
    const r = random();
    if (r < opts.failRate / 2) {
      stats.failedBefore++;
      req.resume();
      res.writeHead(503, { "access-control-allow-origin": String(req.headers.origin ?? "*") });
      res.end();
      return;
    }
    forward(req, res, r < opts.failRate);
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", () => resolve()));
  return {
    stats,
    down(ms: number) {
      downUntil = Date.now() + ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
