import { describe, expect, it } from "vitest";
import { scrubEvent, TypedValues } from "../../../recorder/src/privacy";

describe("recorder privacy: typed values and URLs out of every event", () => {
  it("scrubs a typed value wherever the page echoes it: as typed, URL-encoded, base64", () => {
    const typed = new TypedValues();
    const field = {} as EventTarget;
    typed.noteField(field, "Zelda Q");
    const b64 = Buffer.from("Zelda Q").toString("base64").replace(/=+$/, "");
    expect(typed.scrub(`Hello Zelda Q, /greet?name=Zelda%20Q&x=Zelda+Q data:${b64}`)).toBe(
      "Hello *******, /greet?name=*********&x=******* data:**********",
    );
    typed.noteField(field, "ab"); // too short to look for: forgotten once the batch is scrubbed
    expect(typed.scrub("Zelda Q")).toBe("*******"); // an echo collected before may still be scrubbed
    typed.settle();
    expect(typed.scrub("Zelda Q")).toBe("Zelda Q");
  });

  it("takes the query values of URLs the page went to, except kept keys; never the token", () => {
    const typed = new TypedValues();
    typed.keep(["sort"]);
    typed.never("tok_secret_value");
    typed.noteUrl("https://s.test/results?q=hidden+treasure&sort=price");
    expect(typed.scrub("Results for hidden treasure, by price; tok_secret_value")).toBe(
      "Results for ***************, by price; ****************",
    );
  });

  it("sanitizes link attributes in snapshots and mutations and rrweb's meta href", () => {
    const typed = new TypedValues();
    typed.noteUrl("/results?q=secret+word");
    const meta = {
      type: 4,
      data: { href: "http://s.test/results?q=secret+word#fm=abc", width: 1, height: 1 },
    };
    scrubEvent(meta, [], typed);
    expect(meta.data.href).toBe("http://s.test/results?q=redacted");
    const snapshot = {
      type: 2,
      data: {
        node: {
          type: 0,
          childNodes: [
            {
              type: 2,
              tagName: "a",
              attributes: { href: "/results?q=secret%20word&page=2", title: "secret word" },
              childNodes: [],
            },
            { type: 2, tagName: "img", attributes: { src: "/img.png?v=3" }, childNodes: [] },
            { type: 3, textContent: "You searched for secret word" },
          ],
        },
      },
    };
    scrubEvent(snapshot, ["page"], typed);
    const [a, img, text] = snapshot.data.node.childNodes as any[];
    expect(a.attributes).toEqual({ href: "/results?q=redacted&page=2", title: "***********" });
    expect(img.attributes.src).toBe("/img.png?v=3"); // assets keep working in the replay
    expect(text.textContent).toBe("You searched for ***********");
    const mutation = {
      type: 3,
      data: {
        source: 0,
        attributes: [{ id: 5, attributes: { action: "/s?q=x1y2z3" } }],
        adds: [],
        removes: [],
        texts: [],
      },
    };
    scrubEvent(mutation, [], typed);
    expect(mutation.data.attributes[0]?.attributes.action).toBe("/s?q=redacted");
  });

  it("sanitizes the same links when nothing typed is known yet (its fast path)", () => {
    const build = () => ({
      snapshot: {
        type: 2,
        data: {
          node: {
            type: 0,
            childNodes: [
              { type: 2, tagName: "a", attributes: { href: "/r?q=one#x", title: "t" }, childNodes: [] },
              {
                type: 2,
                tagName: "svg",
                attributes: {},
                childNodes: [{ type: 2, attributes: { "xlink:href": "/i?k=v" } }],
              },
              { type: 3, textContent: "text" },
            ],
          },
        },
      },
      mutation: {
        type: 3,
        data: {
          source: 0,
          adds: [
            {
              parentId: 1,
              nextId: null,
              node: { type: 2, tagName: "form", attributes: { ACTION: "/s?q=2" } },
            },
          ],
          attributes: [{ id: 5, attributes: { href: "/p?id=7", class: "x" } }],
          removes: [],
          texts: [],
        },
      },
      custom: { type: 5, data: { tag: "fm:track", payload: { name: "/r?q=one" } } },
    });
    const fast = build();
    const walked = build();
    const typed = new TypedValues();
    for (const e of Object.values(fast)) scrubEvent(e, [], typed);
    typed.never("no-such-value-anywhere"); // a needle that matches nothing: the full walk
    for (const e of Object.values(walked)) scrubEvent(e, [], typed);
    expect(fast).toEqual(walked);
    expect(JSON.stringify([fast.snapshot, fast.mutation])).not.toMatch(/q=one|q=2|id=7|k=v/);
  });
});
