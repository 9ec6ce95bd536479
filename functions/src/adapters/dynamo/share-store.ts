import { ttlAttr } from "../../domain/retention";
import type { Share } from "../../domain/share";
import type { ShareStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

const shareItem = (s: Share) => ({
  ...key.share(s.id),
  gsi1pk: key.byStudy(s.studyId),
  gsi1sk: `SHARE#${s.createdAt}#${s.id}`,
  type: "share",
  ...ttlAttr(s),
  ...s,
});

export function dynamoShareStore(table: Table): ShareStore {
  const get = async (id: string) => {
    const item = await table.get(key.share(id));
    return item ? entityOf<Share>(item) : undefined;
  };
  return {
    async create(share) {
      // The share first, then the lookup: a token never points at a share not yet written.
      await table.put(shareItem(share));
      await table.put({
        ...key.shareToken(share.tokenHash),
        type: "share-token",
        shareId: share.id,
        ...ttlAttr(share),
      });
    },
    get,
    async getByTokenHash(tokenHash) {
      const lookup = await table.get(key.shareToken(tokenHash));
      const shareId = lookup?.shareId;
      if (typeof shareId !== "string") return undefined;
      const share = await get(shareId);
      return share?.tokenHash === tokenHash ? share : undefined;
    },
    async put(share) {
      await table.put(shareItem(share));
    },
    async listByStudy(studyId) {
      const items = await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "SHARE#" });
      return items.map((i) => entityOf<Share>(i));
    },
    async delete(share) {
      await table.deleteMany([key.shareToken(share.tokenHash), key.share(share.id)]);
    },
  };
}
