import type { OriginGuard } from "../ports";

/** Local mode and tests: nothing stands in front of the app, every request is let in. */
export const openOrigin: OriginGuard = { kind: "open", allows: async () => true };

/** The header CloudFront adds to every request it forwards to the API (a custom origin header). */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

const same = (a: string, b: string) => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/** The secret given directly (tests, automation): exactly that value passes. */
export function fixedOriginGuard(secret: string): OriginGuard {
  return { kind: "secret", allows: async (given) => given !== undefined && same(given, secret) };
}

/** How long accepted values are kept before Secrets Manager is asked again. */
const CACHE_MS = 5 * 60_000;
/** An unknown value makes the guard look again, at most this often (a rotation just happened). */
const RECHECK_MS = 30_000;

/**
 * The origin-verify secret of Secrets Manager: its current and previous values pass, so a
 * rotation (new value, then a deploy that gives it to CloudFront) never locks anyone out.
 * Values are cached; an unknown one is looked up again at most every RECHECK_MS.
 */
export function secretOriginGuard(cfg: {
  region: string;
  secretArn: string;
  endpoint?: string;
}): OriginGuard {
  let values: string[] = [];
  let fetchedAt = 0;
  let loading: Promise<void> | undefined;
  const load = async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    const client = new SecretsManagerClient({
      region: cfg.region,
      maxAttempts: 3,
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    });
    try {
      const read = async (stage: string) => {
        try {
          const out = await client.send(
            new GetSecretValueCommand({ SecretId: cfg.secretArn, VersionStage: stage }),
          );
          return out.SecretString?.trim() || undefined;
        } catch (err) {
          if (stage === "AWSPREVIOUS" && (err as { name?: string }).name === "ResourceNotFoundException")
            return undefined;
          throw err;
        }
      };
      const current = await read("AWSCURRENT");
      if (!current) throw new Error(`secret ${cfg.secretArn} holds no string`);
      const previous = await read("AWSPREVIOUS");
      values = previous ? [current, previous] : [current];
      fetchedAt = Date.now();
    } finally {
      client.destroy();
    }
  };
  const refresh = () => {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  };
  return {
    kind: "secret",
    async allows(given) {
      if (given === undefined || given.length > 256) return false;
      const age = Date.now() - fetchedAt;
      if (age > CACHE_MS) await refresh();
      if (values.some((v) => same(given, v))) return true;
      if (Date.now() - fetchedAt > RECHECK_MS) {
        await refresh();
        return values.some((v) => same(given, v));
      }
      return false;
    },
  };
}
