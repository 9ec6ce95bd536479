import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { useApp, useSnapshot } from "../state/context";

/**
 * The deployed sign-in (Cognito, PKCE) lives in ./api/auth-pkce.ts when that module exists.
 * It exports `startSignIn(): Promise<void>` (goes to the hosted sign-in page) and
 * `completeSignIn(): Promise<string | null>` (on the way back: the access token, or null).
 * Local mode has no such module and signs in with the admin token only.
 */
interface PkceModule {
  startSignIn(): Promise<void>;
  completeSignIn(): Promise<string | null>;
}
const pkceModules = import.meta.glob<PkceModule>("../api/auth-pkce.ts");
const loadPkce = Object.values(pkceModules)[0];

export function SignIn() {
  const app = useApp();
  const { authMessage } = useSnapshot();
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!loadPkce) return;
    loadPkce()
      .then((m) => m.completeSignIn())
      .then((t) => t && app.signIn(t))
      .catch((err: Error) => setError(err.message));
  }, [app]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!token.trim()) {
      setError("Paste the admin token first.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await app.api.verifyToken(token.trim());
      app.signIn(token);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? "That token was not accepted. Check it and try again."
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div class="brand big">
          <span class="logo" aria-hidden="true" />
          Frictionmap
        </div>
        <h1 id="sign-in-title">Sign in to review studies</h1>
        {authMessage && (
          <p class="notice warn" role="alert" data-testid="auth-message">
            {authMessage}
          </p>
        )}
        {loadPkce && (
          <>
            <button
              type="button"
              class="primary wide"
              onClick={() => loadPkce().then((m) => m.startSignIn())}
            >
              Sign in with your organisation
            </button>
            <p class="or">or use the admin token</p>
          </>
        )}
        <label class="field">
          <span class="label">Admin token</span>
          <input
            type="password"
            name="token"
            autoComplete="current-password"
            value={token}
            onInput={(e) => setToken((e.target as HTMLInputElement).value)}
            aria-invalid={error ? "true" : undefined}
            aria-describedby="token-help"
          />
          <span class="hint" id="token-help">
            Printed by <code>npm start</code>, and kept in <code>.data/admin-token</code>. It stays in this
            tab only.
          </span>
        </label>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary wide" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
