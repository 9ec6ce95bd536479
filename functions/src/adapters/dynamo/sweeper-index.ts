import type { Session } from "../../domain/session";
import type { SweeperIndex } from "../../ports";
import { entityOf, type Table } from "./table";
import { OPEN_SESSIONS } from "./table-design";

/** GSI2, sparse: only active sessions carry it (see session-records.ts). */
export function dynamoSweeperIndex(table: Table): SweeperIndex {
  return {
    async listIdle(beforeIso, limit) {
      const page = await table.page({ index: "gsi2", pk: OPEN_SESSIONS, skBefore: beforeIso }, limit);
      return page.items.map((i) => entityOf<Session>(i));
    },
  };
}
