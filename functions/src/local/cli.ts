/**
 * The command-line tools' common manners (`npm start`, `npm run simulate`, the benches):
 * `--help` answers at once and connects nowhere, options are checked, the settings are those
 * of `npm start`, and a failure is one clear line on stderr (no stack trace; set
 * FRICTIONMAP_DEBUG=1 to see one).
 */

/** The environment settings every tool reads the same way (config.ts). */
export const SETTINGS_HELP = `Settings (environment variables, the same for npm start, simulate and the benches):
  PORT                     the platform's port (default 8787)
  DEMO_PORT                the demo website's port (default 8788)
  FRICTIONMAP_DATA_DIR     where local data is kept (default .data)
  FRICTIONMAP_ADMIN_TOKEN  the reviewers' admin token, at least 16 characters
                           (default: generated once, kept in <data dir>/admin-token)
  FRICTIONMAP_PUBLIC_URL   base URL of invite links (default http://localhost:PORT)
  CHROMIUM_PATH            the browser simulate and the benches drive (default /usr/bin/chromium)`;

export interface NumberOption {
  description: string;
  default: number;
  min: number;
  max: number;
}

export interface CliSpec<O extends Record<string, NumberOption>> {
  /** How it is run, e.g. `npm run simulate -- [--participants N]`. */
  usage: string;
  /** What it does, a sentence or two. */
  about: string;
  options?: O;
  /** Whether the tool reads the settings above (the help lists them). */
  settings?: boolean;
}

/** A failure the user can act on: printed as one line, exit code 1. */
export class CliError extends Error {}

export function helpText(spec: CliSpec<Record<string, NumberOption>>): string {
  const options = Object.entries(spec.options ?? {}).map(
    ([name, o]) => `  --${name.padEnd(22)} ${o.description} (default ${o.default}; ${o.min} to ${o.max})`,
  );
  return [
    `Usage: ${spec.usage}`,
    "",
    spec.about,
    "",
    "Options:",
    ...options,
    `  --${"help".padEnd(22)} this text`,
    ...(spec.settings === false ? [] : ["", SETTINGS_HELP]),
  ].join("\n");
}

/**
 * Reads `--name value` options: `--help` prints the help and exits 0; an unknown option or
 * a value out of range ends the tool with one line.
 */
export function parseArgs<O extends Record<string, NumberOption>>(
  spec: CliSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): { [K in keyof O]: number } {
  // The AWS SDK's notice about Node versions of 2027 is noise here: local tools talk to
  // embedded emulators (the README asks for Node 20 or later).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(helpText(spec as CliSpec<Record<string, NumberOption>>));
    process.exit(0);
  }
  const options = (spec.options ?? {}) as O;
  const out = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, o.default])) as {
    [K in keyof O]: number;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const name = arg.replace(/^--/, "").split("=")[0] ?? "";
    const option = options[name];
    if (!arg.startsWith("--") || !option) fail(`unknown option '${arg}'; see --help`);
    const raw = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < option.min || value > option.max) {
      fail(`--${name} takes a whole number from ${option.min} to ${option.max}, got '${raw ?? ""}'`);
    }
    (out as Record<string, number>)[name] = value;
  }
  return out;
}

/** Ends the tool with one line on stderr. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** The message of anything thrown, as one line. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]?.trim() || "unknown error";
}

/** For scripts with top-level await: whatever they throw ends them with one line. */
export function oneLineErrors(): void {
  const die = (err: unknown) => {
    if (process.env.FRICTIONMAP_DEBUG) console.error(err);
    fail(oneLine(err));
  };
  process.on("uncaughtException", die);
  process.on("unhandledRejection", die);
}

/** Runs a tool's main: whatever it throws ends it with one line (the stack with FRICTIONMAP_DEBUG=1). */
export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (process.env.FRICTIONMAP_DEBUG) console.error(err);
    fail(oneLine(err));
  });
}
