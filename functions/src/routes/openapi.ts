import { annotationInputSchema, annotationPatchSchema } from "../domain/annotation";
import { clipInputSchema, clipPatchSchema } from "../domain/clip";
import { openInviteSchema, singleInvitesSchema } from "../domain/invite";
import { attemptEventSchema, completeSchema, consentSchema, feedbackSchema } from "../domain/participant";
import { reelInputSchema, reelPatchSchema } from "../domain/reel";
import type { JsonSchema } from "../domain/schema";
import { shareInputSchema } from "../domain/share";
import { studyInputSchema, studyPatchSchema } from "../domain/study";

type Op = {
  summary: string;
  body?: JsonSchema;
  ok: number;
  public?: boolean;
  query?: string[];
};

/** Every route of the API; a route test checks the app serves exactly these. */
export const OPERATIONS: Record<string, Partial<Record<"get" | "post" | "put" | "patch" | "delete", Op>>> = {
  "/api/health": { get: { summary: "Liveness check", ok: 200, public: true } },
  "/api/openapi.json": { get: { summary: "This document", ok: 200, public: true } },
  "/api/auth/config": {
    get: {
      summary: "How reviewers sign in: the hosted sign-in (Cognito PKCE) when deployed, else null",
      ok: 200,
      public: true,
    },
  },
  "/api/studies": {
    get: { summary: "List studies, newest first", ok: 200, query: ["limit", "cursor"] },
    post: {
      summary: "Create a study with its tasks and journey steps",
      body: studyInputSchema.json,
      ok: 201,
    },
  },
  "/api/studies/{id}": {
    get: { summary: "Read a study", ok: 200 },
    patch: { summary: "Change a study (tasks are replaced whole)", body: studyPatchSchema.json, ok: 200 },
    delete: { summary: "Delete a study with its invites, sessions and recordings", ok: 204 },
  },
  "/api/studies/{id}/invites": {
    get: { summary: "List invites with status", ok: 200, query: ["limit", "cursor"] },
    post: {
      summary: "Create single-use invite links ({count}) or one open link ({open, cap})",
      body: { oneOf: [singleInvitesSchema.json, openInviteSchema.json] },
      ok: 201,
    },
  },
  "/api/studies/{id}/sessions": {
    get: { summary: "List sessions of a study, newest first", ok: 200, query: ["limit", "cursor"] },
  },
  "/api/studies/{id}/reanalyze": {
    post: {
      summary: "Re-run friction detection and step matching over the stored chunks of every session",
      ok: 200,
    },
  },
  "/api/studies/{id}/report": {
    get: {
      summary: "The journey map: per task, per step and stage, ranked friction (?format=json|csv|md)",
      ok: 200,
      query: ["format"],
    },
  },
  "/api/sessions/{id}": {
    get: { summary: "A session with attempts, step visits, signals and annotations", ok: 200 },
    delete: { summary: "Erase a session: metadata, annotations and every recording chunk", ok: 204 },
  },
  "/api/sessions/{id}/events": {
    get: {
      summary:
        "The rrweb event stream in order; with ?from=seq, chunks from that sequence on (about maxBytes of JSON, at least one chunk)",
      ok: 200,
      query: ["from", "maxBytes"],
    },
  },
  "/api/sessions/{id}/annotations": {
    get: { summary: "A session's annotations", ok: 200 },
    post: { summary: "Tag a friction moment", body: annotationInputSchema.json, ok: 201 },
  },
  "/api/annotations/{id}": {
    patch: { summary: "Change an annotation", body: annotationPatchSchema.json, ok: 200 },
    delete: { summary: "Delete an annotation", ok: 204 },
  },
  "/api/sessions/{id}/clips": {
    get: { summary: "A session's clips", ok: 200 },
    post: {
      summary: "Make a clip: a time range of the session (ms from its first event) with a title",
      body: clipInputSchema.json,
      ok: 201,
    },
  },
  "/api/studies/{id}/clips": { get: { summary: "Every clip of a study, oldest first", ok: 200 } },
  "/api/clips/{id}": {
    get: { summary: "Read a clip", ok: 200 },
    patch: { summary: "Change a clip's range, title, note or tag", body: clipPatchSchema.json, ok: 200 },
    delete: { summary: "Delete a clip (its share links then answer 404)", ok: 204 },
  },
  "/api/clips/{id}/share": {
    post: { summary: "A share link to the clip: {id, url, expiresAt}", body: shareInputSchema.json, ok: 201 },
  },
  "/api/studies/{id}/reels": {
    get: { summary: "Every highlight reel of a study", ok: 200 },
    post: {
      summary: "Make a highlight reel: clips of this study in order",
      body: reelInputSchema.json,
      ok: 201,
    },
  },
  "/api/reels/{id}": {
    get: { summary: "A reel with its clips in order", ok: 200 },
    patch: { summary: "Change a reel's title, note or clips", body: reelPatchSchema.json, ok: 200 },
    delete: { summary: "Delete a reel", ok: 204 },
  },
  "/api/reels/{id}/share": {
    post: { summary: "A share link to the reel: {id, url, expiresAt}", body: shareInputSchema.json, ok: 201 },
  },
  "/api/studies/{id}/shares": {
    get: { summary: "Share links of a study, newest first: who made each, when, and its status", ok: 200 },
  },
  "/api/shares/{id}": { delete: { summary: "Revoke a share link (it then answers 410)", ok: 204 } },
  "/api/invites/{token}/accept": {
    post: {
      summary: "Participant consent: consumes the invite, starts a session, returns the recorder handoff",
      body: consentSchema.json,
      ok: 201,
      public: true,
    },
  },
  "/api/ingest/sessions/{id}": {
    get: {
      summary: "Participant: the study's tasks and this session's attempts (session token)",
      ok: 200,
      public: true,
    },
  },
  "/api/ingest/sessions/{id}/chunks/{seq}": {
    put: {
      summary:
        "Participant: one recording chunk (application/gzip JSON array of rrweb events); stored once per seq",
      ok: 201,
      public: true,
    },
  },
  "/api/ingest/sessions/{id}/attempts/{taskIndex}": {
    put: {
      summary: "Participant: task start, end (outcome) or answers (SEQ, comment)",
      body: attemptEventSchema.json,
      ok: 200,
      public: true,
    },
  },
  "/api/ingest/sessions/{id}/feedback": {
    post: {
      summary: "Participant: a 'Report a problem' note",
      body: feedbackSchema.json,
      ok: 201,
      public: true,
    },
  },
  "/api/ingest/sessions/{id}/complete": {
    post: {
      summary: "Participant: the session is finished (optional SUS answers)",
      body: completeSchema.json,
      ok: 200,
      public: true,
    },
  },
};

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        details: {
          type: "array",
          items: {
            type: "object",
            properties: { path: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument() {
  const paths: Record<string, unknown> = {};
  for (const [path, ops] of Object.entries(OPERATIONS)) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    paths[path] = Object.fromEntries(
      Object.entries(ops).map(([method, op]) => [
        method,
        {
          summary: op.summary,
          ...(op.public ? { security: [] } : {}),
          parameters: [
            ...params,
            ...(op.query ?? []).map((q) => ({ name: q, in: "query", schema: { type: "string" } })),
          ],
          ...(op.body
            ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } }
            : {}),
          responses: {
            [op.ok]: { description: op.ok === 204 ? "Done, no content" : "OK" },
            ...(op.body
              ? {
                  "400": errorResponse("Malformed JSON or invalid fields (details name each)"),
                  "413": errorResponse("Body over the size cap"),
                  "415": errorResponse("Body not sent as application/json"),
                }
              : {}),
            ...(op.public ? {} : { "401": errorResponse("Missing or invalid bearer token") }),
            ...(params.length ? { "404": errorResponse("No such resource") } : {}),
          },
        },
      ]),
    );
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Frictionmap API",
      version: "1",
      description: "Researcher API of Frictionmap. Errors are {error:{code,message,details?}}.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
