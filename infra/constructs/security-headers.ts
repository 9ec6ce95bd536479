import { Duration } from "aws-cdk-lib";
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type ResponseSecurityHeadersBehavior,
} from "aws-cdk-lib/aws-cloudfront";

/**
 * The reviewer's Content-Security-Policy. Scripts only from the app itself. Replays are rebuilt
 * by rrweb in a sandboxed iframe (no allow-scripts) that inherits this policy, so recorded pages'
 * images, fonts and stylesheets (from the site under test, any https origin, or inlined as
 * data:/blob: URLs) and inline styles must load. XHR goes to the app and to the Cognito hosted
 * domain (token exchange).
 */
export function reviewerCsp(cognitoOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline' blob: data: https:",
    "img-src 'self' blob: data: https:",
    "font-src 'self' data: https:",
    "media-src 'self' blob: data: https:",
    `connect-src 'self' ${cognitoOrigin}`,
    "frame-src 'self' blob: data:",
    "child-src 'self' blob: data:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${cognitoOrigin}`,
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
}

/** HSTS, nosniff, no framing, strict referrer, CSP: the headers on everything the app serves. */
export function securityHeaders(csp: string): ResponseSecurityHeadersBehavior {
  return {
    contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      preload: false,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    xssProtection: { protection: false, override: true },
  };
}

/**
 * Responses of the app (/api/*, /i/*): HSTS, nosniff and referrer policy always; a CSP and
 * framing rule only when the app sent none, because pages such as the invite/consent page set
 * their own nonce-based CSP, which must win.
 */
export function appResponseHeaders(): ResponseSecurityHeadersBehavior {
  const fallback = securityHeaders("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  return {
    ...fallback,
    contentSecurityPolicy: {
      contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      override: false,
    },
    frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
  };
}

/** The recorder is a script other sites load: nosniff and HSTS, but no CSP/framing rules of ours. */
export function recorderSecurityHeaders(): ResponseSecurityHeadersBehavior {
  return {
    contentTypeOptions: { override: true },
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      override: true,
    },
  };
}

/** Short browser/CDN cache for recorder.js: a fix reaches every participant within minutes. */
export const RECORDER_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";
