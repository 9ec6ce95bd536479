import type { Clip } from "../../domain/clip";
import type { Reel } from "../../domain/reel";
import { ttlAttr } from "../../domain/retention";
import type { ClipStore, ReelStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

const byCreated = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

const clipItem = (c: Clip) => ({
  ...key.clip(c.id),
  gsi1pk: key.byStudy(c.studyId),
  gsi1sk: `CLIP#${c.sessionId}#${c.createdAt}#${c.id}`,
  type: "clip",
  ...ttlAttr(c),
  ...c,
});

export function dynamoClipStore(table: Table): ClipStore {
  const get = async (id: string) => {
    const item = await table.get(key.clip(id));
    return item ? entityOf<Clip>(item) : undefined;
  };
  const byPrefix = async (studyId: string, prefix: string) =>
    (await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: prefix }))
      .map((i) => entityOf<Clip>(i))
      .sort(byCreated);
  return {
    async put(clip) {
      await table.put(clipItem(clip));
    },
    get,
    async getMany(ids) {
      const unique = [...new Set(ids)];
      const found = await Promise.all(unique.map((id) => get(id)));
      return new Map(found.flatMap((c) => (c ? [[c.id, c] as const] : [])));
    },
    listBySession: (studyId, sessionId) => byPrefix(studyId, `CLIP#${sessionId}#`),
    listByStudy: (studyId) => byPrefix(studyId, "CLIP#"),
    async delete(id) {
      await table.deleteMany([key.clip(id)]);
    },
  };
}

export function dynamoReelStore(table: Table): ReelStore {
  return {
    async put(reel) {
      await table.put({
        ...key.reel(reel.id),
        gsi1pk: key.byStudy(reel.studyId),
        gsi1sk: `REEL#${reel.createdAt}#${reel.id}`,
        type: "reel",
        ...ttlAttr(reel),
        ...reel,
      });
    },
    async get(id) {
      const item = await table.get(key.reel(id));
      return item ? entityOf<Reel>(item) : undefined;
    },
    async listByStudy(studyId) {
      const items = await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "REEL#" });
      return items.map((i) => entityOf<Reel>(i)).sort(byCreated);
    },
    async delete(id) {
      await table.deleteMany([key.reel(id)]);
    },
  };
}
