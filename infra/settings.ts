import type { Node } from "constructs";

/** Deploy-time choices, from `cdk.json` context or `-c key=value`. */
export interface Settings {
  /** Name suffix of the stack and its resources, e.g. "prod". */
  stage: string;
  /** Days recordings stay in S3 before the lifecycle rule deletes them. */
  retentionDays: number;
  /** true: the table (deletion protection) and buckets survive stack deletion. */
  retainData: boolean;
  /** Optional custom host name, with an ACM certificate in us-east-1 covering it. */
  domainName?: string;
  certificateArn?: string;
  /** Optional address for alarm e-mails. */
  alarmEmail?: string;
  /** Bump after putting a new origin-verify secret value, so CloudFront reads it (README). */
  originVerifyRotation: string;
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

function read(node: Node, key: string): string | undefined {
  const v: unknown = node.tryGetContext(key);
  if (v === undefined || v === null || v === "") return undefined;
  return String(v);
}

/** Reads and checks the context; throws with a message that says which key is wrong. */
export function readSettings(node: Node): Settings {
  const stage = read(node, "stage") ?? "dev";
  if (!STAGE.test(stage)) throw new Error(`context stage must match ${STAGE}, got '${stage}'`);
  const retentionDays = Number(read(node, "retentionDays") ?? 90);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new Error("context retentionDays must be a whole number of days between 1 and 3650");
  }
  const retainRaw = read(node, "retainData") ?? "true";
  if (retainRaw !== "true" && retainRaw !== "false")
    throw new Error("context retainData must be true or false");
  const domainName = read(node, "domainName");
  const certificateArn = read(node, "certificateArn");
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error("context domainName and certificateArn (ACM, us-east-1) go together");
  }
  const alarmEmail = read(node, "alarmEmail");
  if (alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`context alarmEmail is not an e-mail address: '${alarmEmail}'`);
  }
  const originVerifyRotation = read(node, "originVerifyRotation") ?? "0";
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(originVerifyRotation)) {
    throw new Error("context originVerifyRotation must be 1-64 letters, digits, dots, dashes or underscores");
  }
  return {
    stage,
    retentionDays,
    originVerifyRotation,
    retainData: retainRaw === "true",
    ...(domainName && certificateArn ? { domainName, certificateArn } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
