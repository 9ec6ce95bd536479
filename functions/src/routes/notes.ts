import { createRoute, z } from "@hono/zod-openapi";
import { type NoteRow, notesToCsv, notesToMarkdown } from "../domain/notes-export";
import { idParams, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import { studyNotes } from "../services/notes";
import { loadStudy } from "./studies";

const FORMATS = ["json", "csv", "md"] as const;

const notes = createRoute({
  method: "get",
  path: "/",
  summary:
    "Research notes: annotations, clips and participant quotes with times and moment links (?format=json|csv|md)",
  request: {
    params: idParams("study"),
    query: z.object({
      format: z
        .enum(FORMATS, { error: `must be one of ${FORMATS.join(", ")}` })
        .optional()
        .openapi({ description: "json (default), csv or md (a file download)" }),
    }),
  },
  responses: {
    200: {
      description: "The notes as JSON, or as a CSV or Markdown file",
      content: {
        "application/json": { schema: z.object({ items: z.array(shaped<NoteRow>("One note")) }) },
        "text/csv": { schema: z.string() },
        "text/markdown": { schema: z.string() },
      },
    },
    ...problems(400, 404),
  },
});

/** Mounted at /api/studies/:id/notes. */
export const studyNoteRoutes = apiRouter().openapi(notes, async (c) => {
  const format = c.req.valid("query").format ?? "json";
  const study = await loadStudy(c, c.req.valid("param").id);
  const rows = await studyNotes(c.var.deps, study, c.var.deps.publicUrl ?? new URL(c.req.url).origin);
  if (format === "csv") {
    return c.body(notesToCsv(rows), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${study.id}-notes.csv"`,
    });
  }
  if (format === "md") {
    return c.body(notesToMarkdown(study, rows), 200, {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${study.id}-notes.md"`,
    });
  }
  return c.json({ items: rows }, 200);
});
