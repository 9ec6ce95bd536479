/** The one module that reads process.env. */

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number, got '${raw}'`);
  return n;
}

const optional = (name: string) => {
  const v = process.env[name];
  return v === undefined || v === "" ? undefined : v;
};

function required(name: string): string {
  const v = optional(name);
  if (!v) throw new Error(`${name} must be set`);
  return v;
}

export interface LocalConfig {
  port: number;
  demoPort: number;
  dataDir: string;
  adminToken?: string;
  publicUrl?: string;
}

export function loadLocalConfig(): LocalConfig {
  return {
    port: port("PORT", 8787),
    demoPort: port("DEMO_PORT", 8788),
    dataDir: optional("FRICTIONMAP_DATA_DIR") ?? ".data",
    adminToken: optional("FRICTIONMAP_ADMIN_TOKEN"),
    publicUrl: optional("FRICTIONMAP_PUBLIC_URL"),
  };
}

export interface LambdaConfig {
  region: string;
  tableName: string;
  bucketName: string;
  adminToken: string;
  publicUrl?: string;
}

export function loadLambdaConfig(): LambdaConfig {
  return {
    region: required("AWS_REGION"),
    tableName: required("TABLE_NAME"),
    bucketName: required("BUCKET_NAME"),
    adminToken: required("FRICTIONMAP_ADMIN_TOKEN"),
    publicUrl: optional("FRICTIONMAP_PUBLIC_URL"),
  };
}
