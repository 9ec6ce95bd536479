const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Entity kinds and their id prefixes. */
export const ID_PREFIX = {
  study: "st",
  task: "tk",
  step: "sp",
  invite: "iv",
  session: "se",
  annotation: "an",
  clip: "cl",
  reel: "rl",
  share: "sh",
  job: "jb",
} as const;
export type IdKind = keyof typeof ID_PREFIX;

/** 20 base62 characters: about 119 random bits, unbiased (rejection sampling). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${randomBase62(20)}`;
}

const ID_PATTERN = /^[a-z]{2}_[0-9A-Za-z]{20}$/;

/** True when `id` is a well-formed id of that kind (never contains path characters). */
export function isId(kind: IdKind, id: string): boolean {
  return ID_PATTERN.test(id) && id.startsWith(`${ID_PREFIX[kind]}_`);
}

export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
