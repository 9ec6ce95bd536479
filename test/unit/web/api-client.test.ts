import { describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient, errorFrom } from "../../../web/src/api/client";

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(url), init: init ?? {} };
    calls.push(call);
    return respond(call);
  });
  return { fn: fn as unknown as typeof fetch, calls };
}

const headersOf = (c: Call | undefined) => Object.fromEntries(new Headers(c?.init.headers).entries());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("API client", () => {
  it("sends the bearer token and JSON bodies to /api", async () => {
    const { fn, calls } = fakeFetch(() => json(201, { id: "sy_1" }));
    const api = createApiClient({
      baseUrl: "http://x/",
      getToken: () => "tok",
      onUnauthorized: () => {},
      fetch: fn,
    });
    const out = await api.createStudy({ name: "S" } as never);
    expect(out).toEqual({ id: "sy_1" });
    expect(calls[0]?.url).toBe("http://x/api/studies");
    expect(calls[0]?.init.method).toBe("POST");
    expect(headersOf(calls[0]).authorization).toBe("Bearer tok");
    expect(headersOf(calls[0])["content-type"]).toBe("application/json");
    expect(calls[0]?.init.body).toBe('{"name":"S"}');
  });

  it("follows every page of a listing", async () => {
    const pages: Record<string, unknown> = {
      "": { items: [{ id: "se_1" }, { id: "se_2" }], nextCursor: "c 1" },
      "&cursor=c+1": { items: [{ id: "se_3" }], nextCursor: null },
    };
    const { fn, calls } = fakeFetch((c) => json(200, pages[c.url.split("limit=200")[1] ?? ""]));
    const api = createApiClient({
      baseUrl: "http://x/",
      getToken: () => "tok",
      onUnauthorized: () => {},
      fetch: fn,
    });
    const out = await api.listSessions("st_1");
    expect(out.items.map((s) => s.id)).toEqual(["se_1", "se_2", "se_3"]);
    expect(calls.map((c) => c.url)).toEqual([
      "http://x/api/studies/st_1/sessions?limit=200",
      "http://x/api/studies/st_1/sessions?limit=200&cursor=c+1",
    ]);
  });

  it("maps the API's error body, with each field's issues", async () => {
    const body = {
      error: {
        code: "invalid_request",
        message: "The study is invalid.",
        details: [
          { path: "tasks[0].steps[1].match.pattern", message: "must start with '/'" },
          { path: "name", message: "must not be empty" },
          { nonsense: true },
        ],
      },
    };
    const { fn } = fakeFetch(() => json(400, body));
    const api = createApiClient({ getToken: () => "t", onUnauthorized: () => {}, fetch: fn });
    const err = await api.createStudy({} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.message]).toEqual([400, "invalid_request", "The study is invalid."]);
    expect(e.details).toHaveLength(2);
    expect(e.forField("tasks[0].steps[1].match")).toEqual(["must start with '/'"]);
    expect(e.forField("tasks[0].steps[1]")).toEqual(["must start with '/'"]);
    expect(e.forField("tasks[0].steps[10]")).toEqual([]);
    expect(e.forField("name")).toEqual(["must not be empty"]);
    expect(e.forField("nam")).toEqual([]);
  });

  it("gives a clear error for non-JSON failures and for an unreachable server", async () => {
    const html = await errorFrom(new Response("<h1>Bad gateway</h1>", { status: 502 }));
    expect([html.status, html.code]).toEqual([502, "http_502"]);
    expect(html.message).toMatch(/server had a problem/);
    const { fn } = fakeFetch(() => {
      throw new TypeError("Failed to fetch");
    });
    const api = createApiClient({ getToken: () => "t", onUnauthorized: () => {}, fetch: fn });
    const err = (await api.listStudies().catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code]).toEqual([0, "network"]);
  });

  it("reports every 401 to onUnauthorized, but not while checking a token at sign-in", async () => {
    const { fn } = fakeFetch(() => json(401, { error: { code: "unauthorized", message: "Token expired." } }));
    const seen: string[] = [];
    const api = createApiClient({ getToken: () => "old", onUnauthorized: (m) => seen.push(m), fetch: fn });
    await expect(api.getSession("se_1")).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(seen).toEqual(["Token expired."]);
    await expect(api.verifyToken("wrong")).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
  });

  it("treats 204 as no body and downloads report exports as blobs with the token", async () => {
    const { fn, calls } = fakeFetch((c) =>
      c.url.includes("format=csv")
        ? new Response("a,b\r\n", { status: 200 })
        : new Response(null, { status: 204 }),
    );
    const api = createApiClient({ getToken: () => "t", onUnauthorized: () => {}, fetch: fn });
    await expect(api.deleteSession("se_1")).resolves.toBeUndefined();
    const blob = await api.reportFile("sy_1", "csv");
    expect(await blob.text()).toBe("a,b\r\n");
    expect(calls[1]?.url).toBe("/api/studies/sy_1/report?format=csv");
    expect(headersOf(calls[1]).authorization).toBe("Bearer t");
  });

  it("escapes ids in paths", async () => {
    const { fn, calls } = fakeFetch(() => json(200, {}));
    const api = createApiClient({ getToken: () => null, onUnauthorized: () => {}, fetch: fn });
    await api.getStudy("../sessions/x");
    expect(calls[0]?.url).toBe("/api/studies/..%2Fsessions%2Fx");
    expect(headersOf(calls[0]).authorization).toBeUndefined();
  });
});
