/**
 * Takes the recorder's own UI (the task panel) out of the rrweb stream, so it is never
 * recorded: no node of it in a snapshot, no mutation of it, no pointer or input event on it.
 *
 * Why a filter and not only rrweb's `blockSelector`: rrweb keeps a blocked element as a
 * placeholder node, and still observes the open shadow root of a blocked host (it attaches a
 * mutation observer to every shadow root it serializes, blocked or not), so the panel's
 * re-renders and its countdown would be recorded as page mutations every second. Pure: it
 * only reads and rewrites the events it is given.
 */

/** The parts of rrweb's serialized nodes and events this filter reads. */
interface SerializedNode {
  id: number;
  childNodes?: SerializedNode[];
}

interface RrwebEvent {
  type: number;
  data?: unknown;
}

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const SOURCE = { mutation: 0, mouseMove: 1, touchMove: 6, drag: 12, selection: 14 };

interface MutationData {
  source: 0;
  adds: { parentId: number; nextId: number | null; node: SerializedNode }[];
  removes: { parentId: number; id: number }[];
  texts: { id: number }[];
  attributes: { id: number }[];
}

/** Not in rrweb's mirror: a node rrweb never serialized, such as one inside the panel. */
const UNKNOWN = -1;

/** How much of the page the stream carried: nodes in the last full snapshot, nodes added since. */
export interface NodeCounts {
  snapshot: number;
  added: number;
}

/**
 * `hostId` gives the rrweb id of the own UI's host element (rrweb's mirror; -1 before it is
 * serialized). Blocked elements lose their attributes in rrweb's output, so the id is how the
 * host is known. `counts`, when given, is kept up to date while the filter walks the trees
 * (so knowing when the page was rebuilt costs no walk of its own).
 */
export function ownUiFilter(hostId: () => number, counts: NodeCounts = { snapshot: 0, added: 0 }) {
  /** Ids of the own UI's nodes on this page (ids are per page; a full snapshot renumbers). */
  let own = new Set<number>();
  const isOwn = (id: number | undefined) => id !== undefined && (own.has(id) || id === UNKNOWN);

  let seen = 0;
  /** Removes the host from a serialized tree, noting its id and its descendants'. */
  function prune(node: SerializedNode, host: number): void {
    seen++;
    const children = node.childNodes;
    if (!children) return;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as SerializedNode;
      if (child.id !== host) prune(child, host);
      else {
        noteTree(child);
        children.splice(i--, 1); // in place: a snapshot's tree is not copied
      }
    }
  }
  function noteTree(node: SerializedNode): void {
    own.add(node.id);
    for (const child of node.childNodes ?? []) noteTree(child);
  }

  function mutation(data: MutationData): boolean {
    const host = hostId();
    data.adds = data.adds.filter((add) => {
      if (own.has(add.parentId) || add.node.id === host) {
        noteTree(add.node);
        return false;
      }
      if (add.nextId !== null && own.has(add.nextId)) add.nextId = null; // the host is last in <html>
      seen = 0;
      prune(add.node, host);
      counts.added += seen;
      return true;
    });
    data.removes = data.removes.filter((r) => !own.has(r.id) && !own.has(r.parentId));
    data.texts = data.texts.filter((t) => !own.has(t.id));
    data.attributes = data.attributes.filter((a) => !own.has(a.id));
    return data.adds.length + data.removes.length + data.texts.length + data.attributes.length > 0;
  }

  /** The event without the own UI in it, or undefined when nothing else was in it. */
  return function filter<E extends RrwebEvent>(event: E): E | undefined {
    if (event.type === FULL_SNAPSHOT) {
      own = new Set();
      const data = event.data as { node?: SerializedNode } | undefined;
      seen = 0;
      if (data?.node) prune(data.node, hostId());
      counts.snapshot = seen;
      counts.added = 0;
      return event;
    }
    if (event.type !== INCREMENTAL) return event;
    const data = event.data as { source: number; id?: number; positions?: { id: number }[] };
    switch (data.source) {
      case SOURCE.mutation:
        return mutation(data as unknown as MutationData) ? event : undefined;
      case SOURCE.mouseMove:
      case SOURCE.touchMove:
      case SOURCE.drag:
        data.positions = (data.positions ?? []).filter((p) => !isOwn(p.id));
        return data.positions.length > 0 ? event : undefined;
      case SOURCE.selection: {
        const ranges = (data as { ranges?: { start: number; end: number }[] }).ranges ?? [];
        return ranges.some((r) => isOwn(r.start) || isOwn(r.end)) ? undefined : event;
      }
      default:
        return isOwn(data.id) ? undefined : event;
    }
  };
}
