import type { Annotation } from "../../domain/annotation";
import { ttlAttr } from "../../domain/retention";
import type { AnnotationStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

const toItem = (a: Annotation) => ({
  ...key.annotation(a.id),
  gsi1pk: key.byStudy(a.studyId),
  gsi1sk: `ANNOTATION#${a.sessionId}#${a.createdAt}#${a.id}`,
  type: "annotation",
  ...ttlAttr(a),
  ...a,
});

export function dynamoAnnotationStore(table: Table): AnnotationStore {
  const byPrefix = async (studyId: string, prefix: string) =>
    (await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: prefix })).map((i) =>
      entityOf<Annotation>(i),
    );
  return {
    async put(annotation) {
      await table.put(toItem(annotation));
    },
    async get(id) {
      const item = await table.get(key.annotation(id));
      return item ? entityOf<Annotation>(item) : undefined;
    },
    listBySession: (studyId, sessionId) => byPrefix(studyId, `ANNOTATION#${sessionId}#`),
    listByStudy: (studyId) => byPrefix(studyId, "ANNOTATION#"),
    async delete(id) {
      await table.deleteMany([key.annotation(id)]);
    },
  };
}
