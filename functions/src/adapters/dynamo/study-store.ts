import { type Study, summarizeStudy } from "../../domain/study";
import type { StudyStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

const toItem = (s: Study) => ({
  ...key.study(s.id),
  gsi1pk: "STUDIES",
  gsi1sk: `${s.createdAt}#${s.id}`,
  type: "study",
  ...s,
});

export function dynamoStudyStore(table: Table): StudyStore {
  return {
    async create(study) {
      if (!(await table.put(toItem(study), { ifAbsent: true }))) {
        throw new Error(`study ${study.id} already exists`);
      }
    },
    async get(id) {
      const item = await table.get(key.study(id));
      return item ? entityOf<Study>(item) : undefined;
    },
    async list({ limit, cursor }) {
      const page = await table.page({ index: "gsi1", pk: "STUDIES", newestFirst: true }, limit, cursor);
      return { ...page, items: page.items.map((i) => summarizeStudy(entityOf<Study>(i))) };
    },
    async replace(study, expectedVersion) {
      await table.put(toItem(study), { ifVersion: expectedVersion });
    },
    async delete(id) {
      await table.deleteMany([key.study(id)]);
    },
  };
}
