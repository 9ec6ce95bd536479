import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { exampleStudyInput } from "../fixtures/studies";
import { client } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

/** A study's recording privacy: validated at the edge, given to the recorder, told to participants. */
describe("study privacy settings", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    storage = await embeddedStorage();
    app = createApp(testDeps(storage.config).deps);
    api = client(app);
  });
  afterAll(async () => storage?.stop());

  const consentAndConfig = async (studyId: string) => {
    const invites = (await api.post(`/api/studies/${studyId}/invites`, { count: 1 })).json.invites;
    const token = String(invites[0].url).split("/i/")[1] ?? "";
    const html = await (await app.request(`/i/${token}`)).text();
    const accepted = await app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    const { sessionId, sessionToken } = (await accepted.json()) as {
      sessionId: string;
      sessionToken: string;
    };
    const config = await app.request(`/api/ingest/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${sessionToken}`, origin: "http://localhost:8788" },
    });
    return { html, config: (await config.json()) as { study: { privacy: unknown } } };
  };

  it("refuses invalid CSS selectors with 400 naming the field, and stores nothing", async () => {
    const before = (await api.get("/api/studies?limit=200")).json;
    for (const [field, good, bad] of [
      ["maskSelectors", ".price", "div["],
      ["unmaskSelectors", "nav", "a >"],
      ["maskSelectors", "#ok", "p::before"],
    ] as const) {
      const res = await api.post("/api/studies", { ...exampleStudyInput(), [field]: [good, bad] });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBeTruthy();
      const paths = res.json.error.details.map((d: { path: string }) => d.path);
      expect(paths).toContain(`${field}[1]`);
      expect(JSON.stringify(res.json.error.details)).toContain("not a valid CSS selector");
    }
    const rule = await api.post("/api/studies", {
      ...exampleStudyInput(),
      tasks: [{ ...exampleStudyInput().tasks[0], success: { type: "click", selector: "button[" } }],
    });
    expect(rule.status).toBe(400);
    expect(rule.json.error.details[0].path).toBe("tasks[0].success.selector");
    const keys = await api.post("/api/studies", { ...exampleStudyInput(), keepQueryKeys: ["two words"] });
    expect(keys.status).toBe(400);
    expect(keys.json.error.details[0].path).toBe("keepQueryKeys[0]");
    const mode = await api.post("/api/studies", { ...exampleStudyInput(), privacy: "mask-some" });
    expect(mode.status).toBe(400);
    expect((await api.get("/api/studies?limit=200")).json).toEqual(before);
  });

  it("refuses an invalid selector in a PATCH and keeps the study as it was", async () => {
    const study = (await api.post("/api/studies", { ...exampleStudyInput(), maskSelectors: [".card"] })).json;
    const res = await api.patch(`/api/studies/${study.id}`, { maskSelectors: [".ok", "#"] });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].path).toBe("maskSelectors[1]");
    expect((await api.get(`/api/studies/${study.id}`)).json).toEqual(study);
  });

  it("defaults to readable text: the recorder is told so, and the consent page says what is kept and for how long", async () => {
    const study = (
      await api.post("/api/studies", { ...exampleStudyInput(), status: "live", retentionDays: 30 })
    ).json;
    const { html, config } = await consentAndConfig(study.id);
    expect(config.study.privacy).toEqual({
      mode: "readable",
      maskSelectors: [],
      unmaskSelectors: [],
      keepQueryKeys: [],
    });
    expect(html).toContain("their text, images and layout");
    expect(html).toMatch(/What you type into the website(&#39;|')s fields/);
    expect(html).toContain("kept for 30 days, then deleted");
    expect(html).not.toContain("marked as private");
  });

  it("mask-all-text with an allowlist, study mask selectors and kept query keys reach the recorder and the consent page", async () => {
    const study = (
      await api.post("/api/studies", {
        ...exampleStudyInput(),
        status: "live",
        privacy: "mask-all-text",
        maskSelectors: [".account-number"],
        unmaskSelectors: ["nav", "button"],
        keepQueryKeys: ["page"],
      })
    ).json;
    expect(study).toMatchObject({ privacy: "mask-all-text", unmaskSelectors: ["nav", "button"] });
    const { html, config } = await consentAndConfig(study.id);
    expect(config.study.privacy).toEqual({
      mode: "mask-all-text",
      maskSelectors: [".account-number"],
      unmaskSelectors: ["nav", "button"],
      keepQueryKeys: ["page"],
    });
    expect(html).toContain("with their text hidden");
    expect(html).toContain("marked as private");
    expect(html).toContain("kept for 90 days, then deleted"); // the default retention
  });

  it("still accepts the former textAllowlist as the unmask allowlist", async () => {
    const study = (
      await api.post("/api/studies", {
        ...exampleStudyInput(),
        status: "live",
        privacy: "mask-all-text",
        textAllowlist: ["h1"],
      })
    ).json;
    const { config } = await consentAndConfig(study.id);
    expect(config.study.privacy).toMatchObject({ mode: "mask-all-text", unmaskSelectors: ["h1"] });
  });
});
