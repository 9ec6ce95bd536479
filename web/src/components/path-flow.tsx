import type { PathLink, PathNode, TaskPaths } from "../api/types";
import { type MapNumber, sessionsHref } from "../state/journey-links";

/**
 * The paths of one task as a flow (Sankey-like, plain SVG): one column per position of the
 * routes, a node per place with the attempts that were there, a band per move as thick as
 * the attempts that made it. Every band and its count link to exactly those sessions.
 */

const COL_W = 200;
const NODE_W = 12;
const GAP = 16;
const PAD = 8;
const MAX_H = 380;
const LABEL_CHARS = 24;

interface Box {
  node: PathNode;
  x: number;
  y: number;
  h: number;
  /** Where the next outgoing / incoming band starts inside the node. */
  out: number;
  in: number;
}

export const hopNumber = (task: TaskPaths, l: PathLink): MapNumber => {
  const place = (id: string) => id.slice(id.indexOf("|") + 1);
  return {
    count: l.count,
    filters: { standing: "counted", task: task.taskId, hop: `${l.column}:${place(l.from)}>${place(l.to)}` },
  };
};

const short = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);

/** Node boxes: columns left to right, expected place first, then by count. */
function layout(task: TaskPaths) {
  const columns = new Map<number, PathNode[]>();
  for (const n of task.nodes) columns.set(n.column, [...(columns.get(n.column) ?? []), n]);
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const unit = Math.min(26, (MAX_H - GAP * (tallest - 1)) / Math.max(1, task.attempts));
  const boxes = new Map<string, Box>();
  let height = 0;
  for (const [column, nodes] of columns) {
    nodes.sort((a, b) => Number(b.expected) - Number(a.expected) || b.count - a.count);
    let y = PAD;
    for (const node of nodes) {
      const h = Math.max(3, node.count * unit);
      boxes.set(node.id, { node, x: PAD + column * COL_W, y, h, out: 0, in: 0 });
      y += h + GAP;
    }
    height = Math.max(height, y);
  }
  return { boxes, unit, width: PAD * 2 + columns.size * COL_W, height: height + PAD };
}

export function PathFlow({ task, studyId }: { task: TaskPaths; studyId: string }) {
  const { boxes, unit, width, height } = layout(task);
  const bands = task.links.map((l) => {
    const a = boxes.get(l.from);
    const b = boxes.get(l.to);
    if (!a || !b) return null;
    const w = Math.max(2, l.count * unit);
    const y0 = a.y + a.out + w / 2;
    const y1 = b.y + b.in + w / 2;
    a.out += w;
    b.in += w;
    const x0 = a.x + NODE_W;
    const x1 = b.x;
    const mid = (x0 + x1) / 2;
    const href = sessionsHref(studyId, hopNumber(task, l));
    const title = `${a.node.label} → ${b.node.label}: ${l.count} ${l.count === 1 ? "attempt" : "attempts"}`;
    return (
      <a key={`${l.from}>${l.to}`} href={href} data-testid="path-link" data-count={l.count}>
        <title>{title}</title>
        <path
          class={`band${l.expected ? " expected" : ""}${b.node.place === "x:other" ? " failed" : ""}`}
          d={`M${x0},${y0} C${mid},${y0} ${mid},${y1} ${x1},${y1}`}
          stroke-width={w}
        />
        <text class="band-count" x={mid} y={(y0 + y1) / 2 + 4} text-anchor="middle">
          {l.count}
        </text>
      </a>
    );
  });
  return (
    <div class="path-flow-scroll">
      <svg
        class="path-flow"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Paths through “${task.title}”`}
      >
        <g>{bands}</g>
        {[...boxes.values()].map(({ node, x, y, h }) => (
          <g key={node.id} class={`path-node ${node.kind}${node.expected ? " expected" : ""}`}>
            <title>{`${node.label}: ${node.count} at move ${node.column + 1}`}</title>
            <rect x={x} y={y} width={NODE_W} height={h} rx={2} />
            <text x={x + NODE_W + 5} y={y + Math.min(h / 2, 10) + 4}>
              {short(node.label)} <tspan class="node-count">{node.count}</tspan>
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
