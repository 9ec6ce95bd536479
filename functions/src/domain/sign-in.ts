import { SIGN_IN_CALLBACK_PATH } from "@frictionmap/protocol";

/** What the reviewer needs to start the hosted sign-in; absent in local mode. */
export interface SignInSettings {
  /** The hosted UI base, e.g. https://frictionmap-prod.auth.eu-west-1.amazoncognito.com */
  authBase: string;
  clientId: string;
}

/** The public answer of GET /api/auth/config; local mode also says where its admin token is. */
export function signInConfig(
  settings: SignInSettings | undefined,
  appUrl: string,
  localAdminToken?: { file: string | null },
) {
  return {
    ...(localAdminToken ? { localAdminToken } : {}),
    cognito: settings
      ? {
          authBase: settings.authBase.replace(/\/+$/, ""),
          clientId: settings.clientId,
          redirectUri: `${appUrl.replace(/\/+$/, "")}${SIGN_IN_CALLBACK_PATH}`,
        }
      : null,
  };
}
