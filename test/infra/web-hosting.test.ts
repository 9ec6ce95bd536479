import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { only, resources, type Synthesized, statementsOf, synthesize } from "./synth";

const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

/** One synthesis with every optional context set: custom domain, alarm e-mail, disposable data. */
describe("CloudFront, headers and the optional context", () => {
  let s: Synthesized;
  let dist: any;
  let headers: Record<string, any>;
  beforeAll(() => {
    s = synthesize({
      stage: "research",
      domainName: "ux.example.com",
      certificateArn: CERT,
      alarmEmail: "ops@example.com",
      retainData: false,
    });
    dist = only(s.template, "AWS::CloudFront::Distribution").DistributionConfig;
    headers = Object.fromEntries(
      resources(s.template, "AWS::CloudFront::ResponseHeadersPolicy").map(([id, p]) => [
        id.replace(/[0-9A-F]{8}$/, ""),
        p.Properties.ResponseHeadersPolicyConfig,
      ]),
    );
  });
  afterAll(() => s?.remove());

  const behavior = (path: string) => dist.CacheBehaviors.find((b: any) => b.PathPattern === path);
  const originOf = (b: any) => dist.Origins.find((o: any) => o.Id === b.TargetOriginId);

  it("serves only over HTTPS, TLS 1.2+ with the custom certificate", () => {
    for (const b of [dist.DefaultCacheBehavior, ...dist.CacheBehaviors]) {
      expect(["https-only", "redirect-to-https"]).toContain(b.ViewerProtocolPolicy);
    }
    expect(dist.Aliases).toEqual(["ux.example.com"]);
    expect(dist.ViewerCertificate).toEqual({
      AcmCertificateArn: CERT,
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
  });

  it("reads the site bucket through origin access control only", () => {
    const site = originOf(dist.DefaultCacheBehavior);
    expect(site.OriginAccessControlId).toBeDefined();
    expect(site.S3OriginConfig.OriginAccessIdentity).toBe("");
    s.template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({ SigningBehavior: "always", SigningProtocol: "sigv4" }),
    });
    const allow = statementsOf(s.template, "AWS::S3::BucketPolicy", "WebSite").find(
      (st) => st.Effect === "Allow" && st.Principal?.Service,
    );
    expect(allow).toMatchObject({
      Action: "s3:GetObject",
      Principal: { Service: "cloudfront.amazonaws.com" },
    });
    expect(JSON.stringify(allow.Condition)).toContain("AWS:SourceArn");
  });

  it("routes /api/*, /i/* and /s/* to the HTTP API, uncached, every header but Host, all methods", () => {
    for (const path of ["/api/*", "/i/*", "/s/*"]) {
      const b = behavior(path);
      expect(b).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
        ViewerProtocolPolicy: "https-only",
      });
      expect(b.AllowedMethods).toEqual(expect.arrayContaining(["GET", "POST", "PATCH", "DELETE", "OPTIONS"]));
      const origin = originOf(b);
      expect(JSON.stringify(origin.DomainName)).toContain(".execute-api.");
      expect(origin.CustomOriginConfig).toMatchObject({
        OriginProtocolPolicy: "https-only",
        OriginSSLProtocols: ["TLSv1.2"],
      });
    }
  });

  it("serves recorder.js to any site: CORS GET, short cache, not the reviewer's CSP", () => {
    const b = behavior("/recorder.js");
    expect(originOf(b).OriginAccessControlId).toBeDefined();
    const cfg = headers.WebRecorderHeaders;
    expect(cfg.CorsConfig).toMatchObject({
      AccessControlAllowOrigins: { Items: ["*"] },
      AccessControlAllowMethods: { Items: ["GET", "HEAD"] },
      AccessControlAllowCredentials: false,
    });
    const custom = Object.fromEntries(cfg.CustomHeadersConfig.Items.map((h: any) => [h.Header, h.Value]));
    expect(custom["Cache-Control"]).toMatch(/^public, max-age=300\b/);
    expect(cfg.SecurityHeadersConfig.ContentSecurityPolicy).toBeUndefined();
    const cache = only(s.template, "AWS::CloudFront::CachePolicy").CachePolicyConfig;
    expect(cache).toMatchObject({ DefaultTTL: 300, MaxTTL: 3600 });
    const deployments = resources(s.template, "Custom::CDKBucketDeployment").map(([, d]) => d.Properties);
    expect(
      deployments.find((d) => JSON.stringify(d.DistributionPaths) === '["/recorder.js"]')?.SystemMetadata,
    ).toEqual({
      "cache-control": custom["Cache-Control"],
    });
  });

  it("keeps the app's own CSP on /api/*, /i/* and /s/* (the consent and share pages), adding one only when missing", () => {
    const api = headers.WebApiHeaders;
    for (const path of ["/api/*", "/i/*", "/s/*"])
      expect(behavior(path).ResponseHeadersPolicyId.Ref).toMatch(/^WebApiHeaders/);
    expect(api.SecurityHeadersConfig.ContentSecurityPolicy).toMatchObject({ Override: false });
    expect(api.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toContain(
      "default-src 'none'",
    );
    expect(api.SecurityHeadersConfig.FrameOptions).toMatchObject({ FrameOption: "DENY", Override: false });
    expect(api.SecurityHeadersConfig.StrictTransportSecurity.Override).toBe(true);
    expect(api.SecurityHeadersConfig.ContentTypeOptions.Override).toBe(true);
  });

  it("puts security headers and a CSP fit for sandboxed replay on the reviewer", () => {
    expect(dist.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref).toMatch(/^WebAppHeaders/);
    const sec = headers.WebAppHeaders.SecurityHeadersConfig;
    expect(sec.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
    });
    expect(sec.ContentTypeOptions.Override).toBe(true);
    expect(sec.FrameOptions.FrameOption).toBe("DENY");
    expect(sec.ReferrerPolicy.ReferrerPolicy).toBe("strict-origin-when-cross-origin");
    const csp = JSON.stringify(sec.ContentSecurityPolicy.ContentSecurityPolicy);
    const directive = (name: string) => (csp.match(new RegExp(`${name} ([^;"]*)`)) ?? [])[1] ?? "";
    expect(directive("script-src")).toBe("'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(directive("img-src")).toEqual(expect.stringContaining("blob: data:"));
    expect(directive("style-src")).toEqual(expect.stringContaining("'unsafe-inline' blob: data:"));
    expect(directive("frame-ancestors")).toBe("'none'");
    expect(directive("object-src")).toBe("'none'");
    expect(csp).toContain(".amazoncognito.com"); // connect-src for the token exchange
  });

  it("rewrites extension-less reviewer paths to index.html on the default behaviour only", () => {
    expect(dist.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    for (const b of dist.CacheBehaviors) expect(b.FunctionAssociations).toBeUndefined();
    s.template.hasResourceProperties("AWS::CloudFront::Function", {
      FunctionCode: Match.stringLikeRegexp("index.html"),
    });
  });

  it("logs viewer requests to the log bucket", () => {
    expect(dist.Logging.Prefix).toBe("cloudfront/");
  });

  it("e-mails alarms through an SSL-only topic when alarmEmail is set", () => {
    s.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.com",
    });
    for (const [, a] of resources(s.template, "AWS::CloudWatch::Alarm")) {
      expect(a.Properties.AlarmActions).toHaveLength(1);
      expect(a.Properties.AlarmName).toMatch(/^frictionmap-research-/);
    }
    s.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ],
      },
    });
  });

  it("with retainData=false, drops deletion protection and lets destroy empty the buckets", () => {
    s.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    expect(resources(s.template, "Custom::S3AutoDeleteObjects")).toHaveLength(3);
  });

  it("refuses a custom domain without its certificate", () => {
    expect(() => synthesize({ domainName: "ux.example.com" })).toThrow(/certificateArn/);
  });
});
