import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewerAuth } from "../../functions/src/adapters/lambda-deps";
import type { LambdaConfig } from "../../functions/src/config";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:FrictionmapAdminToken-AbCdEf";
const TOKEN = "s3cr3t-admin-token-from-secrets-manager-0123";

/**
 * The cold-start read of the admin token through the real Secrets Manager client, against a
 * local stand-in speaking the service's JSON 1.1 protocol on 127.0.0.1.
 */
describe("admin token from Secrets Manager", () => {
  let server: Server;
  let endpoint: string;
  const calls: { target: string; auth: string; body: any }[] = [];

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = "test";
    process.env.AWS_SECRET_ACCESS_KEY = "test";
    server = createServer(async (req, res) => {
      const parts: Buffer[] = [];
      for await (const p of req) parts.push(p as Buffer);
      const body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}");
      calls.push({
        target: String(req.headers["x-amz-target"]),
        auth: String(req.headers.authorization),
        body,
      });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (body.SecretId !== ARN) {
        res.statusCode = 400;
        return res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "no such secret" }));
      }
      res.end(
        JSON.stringify({ ARN, Name: "FrictionmapAdminToken", SecretString: `${TOKEN}\n`, VersionId: "v1" }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const cfg = (secretArn: string): LambdaConfig => ({
    region: "eu-west-1",
    tableName: "t",
    bucketName: "b",
    queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
    maxRetentionDays: 90,
    adminTokenSecretArn: secretArn,
    secretsEndpoint: endpoint,
  });

  it("reads the secret once, on the first reviewer request, with a signed GetSecretValue and accepts exactly that token", async () => {
    const auth = await reviewerAuth(cfg(ARN));
    expect(calls).toHaveLength(0); // nothing at cold start
    expect(await auth.verify("not-the-token-123456")).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.target).toBe("secretsmanager.GetSecretValue");
    expect(calls[0]?.auth).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request/,
    );
    expect(await auth.verify(TOKEN)).toMatchObject({ id: "admin" });
    expect(await auth.verify(`${TOKEN}x`)).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it("fails reviewer requests loudly while the secret cannot be read, and tries again next time", async () => {
    const auth = await reviewerAuth(cfg(`${ARN}-gone`));
    const before = calls.length;
    await expect(auth.verify(TOKEN)).rejects.toThrow(/no such secret/);
    await expect(auth.verify(TOKEN)).rejects.toThrow(/no such secret/);
    expect(calls.length - before).toBe(2);
  });
});
