import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import type { Deps } from "../../functions/src/ports";
import { exampleStudyInput } from "../fixtures/studies";
import { client } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

/** Invites have a lifecycle: listed as created, open links kept visible, withdrawn, expired. */
describe("invite lifecycle through the API", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;
  let studyId: string;
  const tokenOf = (url: string) => url.split("/i/")[1] ?? "";
  const accept = (token: string) =>
    app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps } = testDeps(storage.config));
    app = createApp(deps);
    api = client(app);
    studyId = (await api.post("/api/studies", { ...exampleStudyInput(), status: "live" })).json.id;
  });
  afterAll(async () => storage?.stop());

  it("lists links in creation order; an open link keeps its URL to be shared again", async () => {
    const singles = (await api.post(`/api/studies/${studyId}/invites`, { count: 12, label: "Panel" })).json;
    const open = (await api.post(`/api/studies/${studyId}/invites`, { open: true, cap: 5, label: "Open" }))
      .json;
    const list = (await api.get(`/api/studies/${studyId}/invites`)).json.items;
    expect(list.map((i: { label: string }) => i.label)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `Panel ${i + 1}`),
      "Open",
    ]);
    expect(list.at(-1).shareUrl).toBe(open.invites[0].url);
    expect(list.slice(0, 12).every((i: { shareUrl?: string }) => i.shareUrl === undefined)).toBe(true);
    expect(JSON.stringify(list)).not.toContain(tokenOf(singles.invites[0].url));
  });

  it("a withdrawn link starts no session; sessions it started stay; withdrawing again changes nothing", async () => {
    const [made] = (await api.post(`/api/studies/${studyId}/invites`, { open: true, cap: 10 })).json.invites;
    expect((await accept(tokenOf(made.url))).status).toBe(201);
    const revoked = await api.del(`/api/studies/${studyId}/invites/${made.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: made.id, status: "revoked", used: 1 });
    const again = await api.del(`/api/studies/${studyId}/invites/${made.id}`);
    expect(again.json.revokedAt).toBe(revoked.json.revokedAt);
    const refused = await accept(tokenOf(made.url));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const page = await app.request(`/i/${tokenOf(made.url)}`);
    expect(await page.text()).toContain("This link was withdrawn");
    const sessions = (await api.get(`/api/studies/${studyId}/sessions`)).json.items;
    expect(sessions).toHaveLength(1);
  });

  it("expires a link now or in some days; bad input is a clear 400, an unknown link a 404", async () => {
    const [made] = (await api.post(`/api/studies/${studyId}/invites`, { count: 1 })).json.invites;
    const later = await api.patch(`/api/studies/${studyId}/invites/${made.id}`, { expiresInDays: 3 });
    expect(later.json).toMatchObject({ status: "pending" });
    expect(Date.parse(later.json.expiresAt) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    const now = await api.patch(`/api/studies/${studyId}/invites/${made.id}`, { expiresInDays: 0 });
    expect(now.json.status).toBe("expired");
    expect((await accept(tokenOf(made.url))).status).toBeGreaterThanOrEqual(400);
    const bad = await api.patch(`/api/studies/${studyId}/invites/${made.id}`, { expiresInDays: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("expiresInDays");
    expect((await api.patch(`/api/studies/${studyId}/invites/${made.id}`, { revoke: true })).status).toBe(
      400,
    );
    const unknown = made.id.replace(/.$/, made.id.endsWith("A") ? "B" : "A");
    expect((await api.del(`/api/studies/${studyId}/invites/${unknown}`)).status).toBe(404);
    expect((await api.del(`/api/studies/${studyId}/invites/nope`)).status).toBe(400);
  });

  it("the study list says how many sessions each study has", async () => {
    const studies = (await api.get("/api/studies")).json.items;
    expect(studies.find((s: { id: string }) => s.id === studyId)?.sessionCount).toBe(1);
  });
});
