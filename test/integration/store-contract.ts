import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoClient, type StorageConfig, storageDeps } from "../../functions/src/adapters/aws";
import { OPEN_SESSIONS, TABLE_KEYS } from "../../functions/src/adapters/dynamo/table-design";
import { inProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { mintToken } from "../../functions/src/adapters/secret-tokens";
import type { StudyReport } from "../../functions/src/domain/analysis/report";
import type { Annotation } from "../../functions/src/domain/annotation";
import type { Clip } from "../../functions/src/domain/clip";
import { newId } from "../../functions/src/domain/ids";
import { createInvites } from "../../functions/src/domain/invite";
import { type Job, newJobRecord } from "../../functions/src/domain/jobs";
import { createReel } from "../../functions/src/domain/reel";
import { type ChunkRef, startSession } from "../../functions/src/domain/session";
import { createShare, revokeShare } from "../../functions/src/domain/share";
import { createStudy } from "../../functions/src/domain/study";
import { BadCursor, PreconditionFailed } from "../../functions/src/ports";
import { sweepIdleSessions } from "../../functions/src/services/sweep";
import { exampleStudyInput } from "../fixtures/studies";
import { panelWriteCases } from "./store-contract-panel";

/**
 * The DynamoDB stores' contract. Run against dynalite and against AWS's own DynamoDB
 * Local, so that nothing relies on one emulator's quirks.
 */
export function storeContract(
  name: string,
  start: () => Promise<{ config: StorageConfig; stop(): Promise<void> }>,
) {
  describe(`DynamoDB stores on ${name}`, () => {
    let env: { config: StorageConfig; stop(): Promise<void> };
    let stores: ReturnType<typeof storageDeps>;

    beforeAll(async () => {
      env = await start();
      stores = storageDeps(env.config);
    });
    afterAll(async () => env?.stop());

    const newStudy = (at = new Date()) => createStudy(exampleStudyInput(), at);
    // Sessions dated years back, so without a ttl (as stored before retention existed): a ttl
    // from then would have expired them for every reader.
    const newSession = (studyId: string, at = new Date()) => {
      const {
        expiresAt: _gone,
        retentionDays: _days,
        ...session
      } = startSession({
        studyId,
        inviteId: newId("invite"),
        participantLabel: "P1",
        consent: { acceptedAt: at.toISOString(), textVersion: "v1" },
        tokenHash: "0".repeat(64),
        now: at,
      });
      return session;
    };

    it("creates, reads, replaces with a version check, and deletes a study", async () => {
      const study = newStudy();
      await stores.studies.create(study);
      expect(await stores.studies.get(study.id)).toEqual(study);
      await expect(stores.studies.create(study)).rejects.toThrow(/already exists/);

      const changed = { ...study, name: "Renamed", version: 2 };
      await stores.studies.replace(changed, 1);
      await expect(stores.studies.replace({ ...study, name: "Stale", version: 2 }, 1)).rejects.toBeInstanceOf(
        PreconditionFailed,
      );
      expect((await stores.studies.get(study.id))?.name).toBe("Renamed");

      await stores.studies.delete(study.id);
      expect(await stores.studies.get(study.id)).toBeUndefined();
    });

    it("lists studies newest first, page by page", async () => {
      const base = Date.parse("2031-01-01T00:00:00Z");
      const made = [];
      for (let i = 0; i < 5; i++) {
        const s = newStudy(new Date(base + i * 1000));
        await stores.studies.create(s);
        made.push(s.id);
      }
      const first = await stores.studies.list({ limit: 2 });
      expect(first.items.map((s) => s.id)).toEqual([made[4], made[3]]);
      expect(first.cursor).toBeTruthy();
      const second = await stores.studies.list({ limit: 2, cursor: first.cursor });
      expect(second.items.map((s) => s.id)).toEqual([made[2], made[1]]);
      expect(second.items[0]).toMatchObject({ name: "Quote request journey", taskCount: 1, status: "draft" });
    });

    it("refuses cursors it did not hand out", async () => {
      const forged = Buffer.from(JSON.stringify({ pk: "STUDY#x", sk: "STUDY", evil: "1" })).toString(
        "base64url",
      );
      await expect(stores.studies.list({ limit: 2, cursor: forged })).rejects.toBeInstanceOf(BadCursor);
      await expect(stores.studies.list({ limit: 2, cursor: "%%%" })).rejects.toBeInstanceOf(BadCursor);
    });

    it("writes invites in batches and lists them by study", async () => {
      const study = newStudy();
      const made = createInvites(study.id, { count: 30, label: "Panel" }, new Date(), mintToken);
      await stores.invites.createMany(made.map((m) => m.invite));
      await stores.invites.createMany(made.map((m) => m.invite)); // repeating is harmless
      const ids = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await stores.invites.listByStudy(study.id, { limit: 12, ...(cursor ? { cursor } : {}) });
        for (const i of page.items) ids.add(i.id);
        cursor = page.cursor;
      } while (cursor);
      expect(ids.size).toBe(30);
      const one = made[0];
      expect(await stores.invites.getByTokenHash(one?.invite.tokenHash ?? "")).toEqual(one?.invite);
    });

    it("claims a single-use invite exactly once, even under concurrent claims", async () => {
      const [made] = createInvites("st_00000000000000000000", { count: 1 }, new Date(), mintToken);
      if (!made) throw new Error("no invite");
      await stores.invites.createMany([made.invite]);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => stores.invites.claim(made.invite.tokenHash, new Date())),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PreconditionFailed);
      }
      await stores.invites.markCompleted(made.invite.tokenHash);
      await stores.invites.markCompleted(made.invite.tokenHash); // never above used
      expect(await stores.invites.getByTokenHash(made.invite.tokenHash)).toMatchObject({
        used: 1,
        completed: 1,
      });
    });

    it("never lets an open link exceed its cap, and refuses expired or unknown links", async () => {
      const now = new Date();
      const [open] = createInvites("st_00000000000000000000", { open: true, cap: 3 }, now, mintToken);
      const [expiring] = createInvites(
        "st_00000000000000000000",
        { count: 1, expiresInDays: 1 },
        now,
        mintToken,
      );
      if (!open || !expiring) throw new Error("no invite");
      await stores.invites.createMany([open.invite, expiring.invite]);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => stores.invites.claim(open.invite.tokenHash, now)),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
      const later = new Date(now.getTime() + 2 * 86_400_000);
      await expect(stores.invites.claim(expiring.invite.tokenHash, later)).rejects.toBeInstanceOf(
        PreconditionFailed,
      );
      await expect(stores.invites.claim("0".repeat(64), now)).rejects.toBeInstanceOf(PreconditionFailed);
    });

    it("stores a chunk once however often it is sent, and lists chunks in order", async () => {
      const session = newSession("st_00000000000000000001");
      await stores.sessions.create(session);
      const ref = (seq: number): ChunkRef => ({
        seq,
        key: `sessions/${session.id}/chunks/${seq}`,
        bytes: 10 + seq,
        eventCount: seq,
        firstTs: seq * 1000,
        lastTs: seq * 1000 + 999,
        storedAt: new Date().toISOString(),
      });
      for (const seq of [3, 1, 12, 2]) expect(await stores.recordings.add(session.id, ref(seq))).toBe(true);
      expect(await stores.recordings.add(session.id, { ...ref(2), bytes: 999 })).toBe(false);
      const chunks = await stores.recordings.list(session.id);
      expect(chunks.map((c) => c.seq)).toEqual([1, 2, 3, 12]);
      expect(chunks[1]?.bytes).toBe(12);
      expect((await stores.recordings.list(session.id, 3)).map((c) => c.seq)).toEqual([3, 12]);
    });

    it("indexes compacted segments once, reads a chunk from its segment, and drops covered raw entries", async () => {
      const session = newSession("st_00000000000000000002");
      await stores.sessions.create(session);
      const raw = (seq: number): ChunkRef => ({
        seq,
        key: `sessions/${session.id}/chunks/${seq}`,
        bytes: 100,
        eventCount: 2,
        firstTs: seq * 1000,
        lastTs: seq * 1000 + 999,
        storedAt: new Date().toISOString(),
      });
      for (const seq of [0, 1, 2]) await stores.recordings.add(session.id, raw(seq));
      const segment = {
        firstSeq: 0,
        lastSeq: 1,
        key: `sessions/${session.id}/segments/0-1`,
        bytes: 120,
        storedAt: new Date().toISOString(),
        chunks: [0, 1].map((seq) => {
          const { key: _k, ...r } = raw(seq);
          return { ...r, offset: 1 + seq * 10, length: 9 };
        }),
      };
      expect(await stores.recordings.addSegment(session.id, segment)).toBe(true);
      expect(await stores.recordings.addSegment(session.id, { ...segment, key: "other" })).toBe(false);
      // Both a segment and the raw entries it holds: readers take the segment, never both.
      const listed = await stores.recordings.list(session.id);
      expect(listed.map((c) => [c.seq, c.key, c.part?.offset])).toEqual([
        [0, segment.key, 1],
        [1, segment.key, 11],
        [2, raw(2).key, undefined],
      ]);
      expect((await stores.sessions.detail(session.id))?.chunks.map((c) => c.key)).toEqual(
        listed.map((c) => c.key),
      );
      await stores.recordings.removeRaw(session.id, [0, 1]);
      const stored = await stores.recordings.stored(session.id);
      expect(stored.raw.map((c) => c.seq)).toEqual([2]);
      expect(stored.segments.map((s) => s.key)).toEqual([segment.key]);
      expect(await stores.recordings.list(session.id, 1)).toEqual(listed.slice(1));
    });

    it("keeps attempts, analysis and counters with the session, and lists sessions by study", async () => {
      const studyId = newId("study");
      const a = newSession(studyId, new Date("2031-02-01T10:00:00Z"));
      const b = newSession(studyId, new Date("2031-02-01T11:00:00Z"));
      await stores.sessions.create(a);
      await stores.sessions.create(b);
      await stores.attempts.merge(a.id, { taskId: "tk_1", taskIndex: 0, startedAt: a.startedAt });
      await stores.attempts.merge(a.id, {
        taskId: "tk_1",
        taskIndex: 0,
        startedAt: a.startedAt,
        outcome: "success",
        seq: 6,
      });
      const visit = { taskId: "tk_1", stepId: "sp_1", enteredAt: 0, leftAt: 5000 };
      const signal = { id: "sg_1", kind: "rage_click" as const, t: 1200, detectorVersion: "1" };
      await stores.analyses.put(a.id, [visit], [signal, { ...signal, id: "sg_2", t: 3000 }]);
      await stores.analyses.put(a.id, [visit], [signal]); // re-analysis replaces
      await stores.sessions.countAnnotations(a.id, 1);
      await stores.sessions.countAnnotations(a.id, 1);
      await stores.sessions.countAnnotations(a.id, -1);

      expect(await stores.attempts.get(a.id, 0)).toMatchObject({ outcome: "success", seq: 6 });
      expect(await stores.attempts.get(a.id, 5)).toBeUndefined();
      const detail = await stores.sessions.detail(a.id);
      expect(detail?.attempts).toEqual([expect.objectContaining({ outcome: "success", seq: 6 })]);
      expect(detail?.stepVisits).toEqual([visit]);
      expect(detail?.signals).toEqual([signal]);
      expect(detail?.session.annotationCount).toBe(1);

      const listed = await stores.sessions.listByStudy(studyId, { limit: 10 });
      expect(listed.items.map((s) => s.id)).toEqual([b.id, a.id]);
      expect(await stores.sessions.allByStudy(studyId)).toHaveLength(2);
    });

    it("counts a study's live sessions without reading them", async () => {
      const studyId = newId("study");
      const at = new Date("2031-03-01T10:00:00Z");
      const sessions = [newSession(studyId, at), newSession(studyId, at), newSession(studyId, at)];
      for (const s of sessions) await stores.sessions.create(s);
      await stores.sessions.create(newSession(newId("study"), at));
      expect(await stores.sessions.countByStudy(studyId)).toBe(3);
      // Past its retention, a session is gone for every read, though DynamoDB deletes it later.
      await stores.sessions.applyRetention(sessions[0]?.id ?? "", "2001-01-01T00:00:00Z");
      expect(await stores.sessions.countByStudy(studyId)).toBe(2);
      expect(await stores.sessions.allByStudy(studyId)).toHaveLength(2);
      expect(await stores.sessions.countByStudy(newId("study"))).toBe(0);
    });

    it("keeps only active sessions in the sweeper's index", async () => {
      const s = newSession(newId("study"), new Date("2031-03-01T00:00:00Z"));
      await stores.sessions.create(s);
      const inIndex = async () => {
        const dynamo = dynamoClient(env.config);
        const out = await dynamo.send(
          new QueryCommand({
            TableName: env.config.tableName,
            IndexName: TABLE_KEYS.gsi2.name,
            KeyConditionExpression: "gsi2pk = :p AND begins_with(gsi2sk, :t)",
            ExpressionAttributeValues: { ":p": { S: OPEN_SESSIONS }, ":t": { S: "2031-03-01" } },
          }),
        );
        dynamo.destroy();
        return (out.Items ?? []).some((i) => i.id?.S === s.id);
      };
      expect(await inIndex()).toBe(true);
      await stores.sessions.update(s.id, { status: "completed", endedAt: "2031-03-01T00:10:00Z" });
      expect(await inIndex()).toBe(false);
      expect(await stores.sessions.get(s.id)).toMatchObject({
        status: "completed",
        endedAt: "2031-03-01T00:10:00Z",
      });
    });

    it("lists idle active sessions, oldest first, and the sweeper ends them", async () => {
      const old = newSession(newId("study"), new Date("2001-01-01T00:00:00Z"));
      const older = newSession(newId("study"), new Date("2000-06-01T00:00:00Z"));
      const fresh = newSession(newId("study"), new Date("2001-01-01T02:00:00Z"));
      for (const x of [old, older, fresh]) await stores.sessions.create(x);
      const idle = await stores.idleSessions.listIdle("2001-01-01T01:00:00Z", 10);
      expect(idle.map((x) => x.id)).toEqual([older.id, old.id]);

      const queue = inProcessQueue(() => {});
      const ran: Job[] = [];
      queue.consume(async (job) => void ran.push(job));
      const { abandoned } = await sweepIdleSessions(
        { ...stores, queue, log: () => {} },
        new Date("2001-01-01T01:30:00Z"),
        30 * 60_000,
        1,
      );
      expect(abandoned).toEqual([older.id, old.id]);
      await queue.drained();
      expect(ran).toEqual(
        [older.id, old.id].map((sessionId) => ({ kind: "analyze-session", sessionId, reason: "sweep" })),
      );
      expect(await stores.sessions.get(old.id)).toMatchObject({
        status: "abandoned",
        endedAt: old.lastActivityAt,
      });
      expect((await stores.sessions.get(fresh.id))?.status).toBe("active");
      expect(await stores.idleSessions.listIdle("2001-01-01T01:00:00Z", 10)).toEqual([]);
    });

    it("debounces analysis requests: one pending at a time, again once taken or stale", async () => {
      const s = newSession(newId("study"));
      await stores.sessions.create(s);
      const t = new Date("2031-05-01T10:00:00Z");
      const stale = (at: Date) => new Date(at.getTime() - 5 * 60_000);
      expect(await stores.analyses.request(s.id, t, stale(t))).toBe(true);
      const t2 = new Date(t.getTime() + 10_000);
      expect(await stores.analyses.request(s.id, t2, stale(t2))).toBe(false);
      await stores.analyses.clearRequest(s.id);
      expect(await stores.analyses.request(s.id, t2, stale(t2))).toBe(true);
      const later = new Date(t2.getTime() + 6 * 60_000);
      expect(await stores.analyses.request(s.id, later, stale(later))).toBe(true); // the last one was lost
      expect(await stores.analyses.request(newId("session"), t, stale(t))).toBe(false); // no such session
    });

    it("keeps per-session summaries in the study's partition and job records", async () => {
      const studyId = newId("study");
      const signal = { id: "sg_1", kind: "rage_click" as const, t: 1200, detectorVersion: "1" };
      const a = { sessionId: newId("session"), attempts: [], visits: [], signals: [signal], feedback: [] };
      const b = { ...a, sessionId: newId("session"), signals: [] };
      await stores.analyses.putSummary(studyId, a);
      await stores.analyses.putSummary(studyId, b);
      await stores.analyses.putSummary(studyId, a); // idempotent
      const all = await stores.analyses.listSummaries(studyId);
      expect(all.sort((x, y) => x.sessionId.localeCompare(y.sessionId))).toEqual(
        [a, b].sort((x, y) => x.sessionId.localeCompare(y.sessionId)),
      );
      await stores.analyses.deleteSummary(studyId, a.sessionId);
      expect(await stores.analyses.listSummaries(studyId)).toEqual([b]);

      const job = newJobRecord("reanalyze-study", studyId, new Date());
      await stores.jobs.put(job);
      await stores.jobs.update(job.id, { status: "succeeded", result: { analyzed: 2 }, runs: 1 });
      expect(await stores.jobs.get(job.id)).toEqual({
        ...job,
        status: "succeeded",
        result: { analyzed: 2 },
        runs: 1,
      });
      await expect(stores.jobs.update(newId("job"), { status: "failed" })).rejects.toThrow(/does not exist/);
    });

    panelWriteCases(() => stores);

    it("deletes a session's whole partition", async () => {
      const s = newSession(newId("study"));
      await stores.sessions.create(s);
      await stores.attempts.merge(s.id, { taskId: "tk_1", taskIndex: 0, startedAt: s.startedAt });
      await stores.sessions.delete(s.id);
      expect(await stores.sessions.detail(s.id)).toBeUndefined();
      await expect(stores.sessions.update(s.id, { participantLabel: "x" })).rejects.toThrow();
    });

    it("stores annotations and lists them by session and by study", async () => {
      const studyId = newId("study");
      const note = (sessionId: string, t: number): Annotation => ({
        id: newId("annotation"),
        sessionId,
        studyId,
        t,
        tag: "confusion",
        severity: 3,
        author: "Admin",
        createdAt: new Date(Date.UTC(2031, 0, 1, 0, 0, t)).toISOString(),
        updatedAt: new Date().toISOString(),
      });
      const s1 = newId("session");
      const s2 = newId("session");
      const [a, b, c] = [note(s1, 1), note(s1, 2), note(s2, 3)];
      for (const x of [a, b, c]) await stores.annotations.put(x);
      expect((await stores.annotations.listBySession(studyId, s1)).map((x) => x.id)).toEqual([a.id, b.id]);
      expect(await stores.annotations.listByStudy(studyId)).toHaveLength(3);
      await stores.annotations.put({ ...a, note: "edited" });
      expect((await stores.annotations.get(a.id))?.note).toBe("edited");
      await stores.annotations.delete(a.id);
      expect(await stores.annotations.get(a.id)).toBeUndefined();
    });

    it("stores clips and reels, lists them by session and by study, oldest first", async () => {
      const studyId = newId("study");
      const clip = (sessionId: string, i: number): Clip => ({
        id: newId("clip"),
        studyId,
        sessionId,
        participantLabel: `P${i}`,
        start: i * 1000,
        end: i * 1000 + 500,
        title: `Clip ${i}`,
        author: "Admin",
        createdAt: new Date(Date.UTC(2031, 0, 1, 0, 0, 10 - i)).toISOString(),
        updatedAt: new Date().toISOString(),
      });
      const s1 = newId("session");
      const [a, b, c] = [clip(s1, 1), clip(s1, 2), clip(newId("session"), 3)];
      for (const x of [a, b, c]) await stores.clips.put(x);
      expect((await stores.clips.listBySession(studyId, s1)).map((x) => x.id)).toEqual([b.id, a.id]);
      expect((await stores.clips.listByStudy(studyId)).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      const many = await stores.clips.getMany([a.id, "cl_00000000000000000000", c.id, a.id]);
      expect([...many.keys()].sort()).toEqual([a.id, c.id].sort());
      await stores.clips.put({ ...a, title: "Renamed" });
      expect((await stores.clips.get(a.id))?.title).toBe("Renamed");
      await stores.clips.delete(a.id);
      expect(await stores.clips.get(a.id)).toBeUndefined();

      const reel = createReel({ title: "R", clipIds: [c.id, b.id] }, studyId, "Admin", new Date());
      await stores.reels.put(reel);
      expect(await stores.reels.get(reel.id)).toEqual(reel);
      expect((await stores.reels.listByStudy(studyId)).map((r) => r.id)).toEqual([reel.id]);
      await stores.reels.delete(reel.id);
      expect(await stores.reels.listByStudy(studyId)).toEqual([]);
    });

    it("keeps a study's report: coalesced requests, takes, a superseded build dropped, deletion", async () => {
      const studyId = newId("study");
      const report = { studyId, name: "R", sessions: { total: 2, counted: 1 } } as unknown as StudyReport;
      const t0 = new Date("2026-01-01T00:00:00.000Z");
      const stale = new Date(t0.getTime() - 60_000);
      expect(await stores.aggregates.get(studyId)).toBeUndefined();
      expect(await stores.aggregates.request(studyId, t0, stale)).toBe(true); // creates the head
      expect(await stores.aggregates.request(studyId, t0, stale)).toBe(false); // one stands
      const first = await stores.aggregates.take(studyId, new Date(t0.getTime() + 1));
      expect((await stores.aggregates.get(studyId))?.state).toEqual({ takenAt: first });
      const second = await stores.aggregates.take(studyId, new Date(t0.getTime() + 2));
      const build = (name: string) => ({ report: { ...report, name }, builtAt: t0.toISOString() });
      expect(await stores.aggregates.put(studyId, build("second"), second)).toBe("stored");
      expect(await stores.aggregates.put(studyId, build("first"), first)).toBe("superseded");
      expect(await stores.aggregates.put(studyId, build("second"), second)).toBe("unchanged");
      const got = await stores.aggregates.get(studyId);
      expect(got?.report?.name).toBe("second");
      expect(got?.state).toEqual({
        takenAt: second,
        checkedAt: second,
        builtAt: t0.toISOString(),
        counted: 1,
        total: 2,
      });
      await stores.aggregates.delete(studyId);
      expect(await stores.aggregates.get(studyId)).toBeUndefined();
    });

    it("finds a share by its token hash only, keeps it listed when revoked, forgets it when deleted", async () => {
      const studyId = newId("study");
      const { tokenHash } = mintToken();
      const share = createShare(
        { expiresInDays: 2 },
        {
          studyId,
          target: { kind: "clip", id: newId("clip") },
          title: "T",
          tokenHash,
          by: "Admin",
          now: new Date(),
        },
      );
      await stores.shares.create(share);
      expect(await stores.shares.getByTokenHash(tokenHash)).toEqual(share);
      expect(await stores.shares.getByTokenHash(mintToken().tokenHash)).toBeUndefined();
      expect(await stores.shares.get(share.id)).toEqual(share);
      const revoked = revokeShare(share, "Admin", new Date());
      await stores.shares.put(revoked);
      expect((await stores.shares.getByTokenHash(tokenHash))?.revokedAt).toBe(revoked.revokedAt);
      expect((await stores.shares.listByStudy(studyId)).map((s) => s.id)).toEqual([share.id]);
      await stores.shares.delete(share);
      expect(await stores.shares.getByTokenHash(tokenHash)).toBeUndefined();
      expect(await stores.shares.listByStudy(studyId)).toEqual([]);
    });
  });
}
