import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError } from "../api/client";
import { useApp, useSnapshot } from "../state/context";

/** Where the hosted sign-in sends reviewers back (the API's SIGN_IN_CALLBACK_PATH). */
const CALLBACK_PATH = "/auth/callback";

type CognitoConfig = { authBase: string; clientId: string; redirectUri: string };

/** Where a reviewer was going (a moment's link) when the hosted sign-in took them away. */
const RETURN_KEY = "frictionmap:return";

/** The PKCE flow (./api/auth-pkce.ts) is loaded only where the hosted sign-in is configured. */
const loadPkce = () => import("../api/auth-pkce");

export function SignIn() {
  const app = useApp();
  const { authMessage } = useSnapshot();
  const { route } = useLocation();
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cognito, setCognito] = useState<CognitoConfig | null>(null);
  const [local, setLocal] = useState<{ file: string | null } | undefined>(undefined);

  // Deployed: ask the API whether a hosted sign-in exists; on its callback, finish it.
  useEffect(() => {
    app.api
      .authConfig()
      .then(async ({ cognito: cfg, localAdminToken }) => {
        setCognito(cfg);
        setLocal(localAdminToken);
        if (!cfg || location.pathname !== CALLBACK_PATH) return;
        setBusy(true);
        const pkce = await loadPkce();
        const tokens = await pkce.completeSignIn(cfg, location.href, sessionStorage);
        const back = sessionStorage.getItem(RETURN_KEY);
        sessionStorage.removeItem(RETURN_KEY);
        route(back?.startsWith("/") && !back.startsWith("//") ? back : "/", true);
        app.signIn(tokens.accessToken);
      })
      .catch((err: Error) => {
        if (location.pathname === CALLBACK_PATH) setError(err.message);
      })
      .finally(() => setBusy(false));
  }, [app, route]);

  const startHosted = async () => {
    if (!cognito) return;
    const pkce = await loadPkce();
    if (location.pathname !== CALLBACK_PATH) {
      sessionStorage.setItem(RETURN_KEY, `${location.pathname}${location.search}`);
    }
    location.assign(await pkce.beginSignIn(cognito, sessionStorage));
  };

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
        {cognito && (
          <>
            <button type="button" class="primary wide" onClick={startHosted}>
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
            {local?.file ? (
              <>
                Printed by <code>npm start</code>, and kept in <code>{local.file}</code>.{" "}
              </>
            ) : local ? (
              <>
                The <code>FRICTIONMAP_ADMIN_TOKEN</code> that <code>npm start</code> was given.{" "}
              </>
            ) : (
              "The admin token of this deployment (kept in its Secrets Manager secret). "
            )}
            It stays in this tab only.
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
