import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The workspace packages talk only through each other's public entries: no import reaches
 * into another package's files, and every package named is a declared dependency. The
 * protocol package depends on nothing at all.
 */
const ROOT = resolve(__dirname, "../..");
const PACKAGES = ["functions/protocol", "functions", "recorder", "web", "infra"];

interface Manifest {
  name: string;
  exports?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));
const byName = new Map(PACKAGES.map((dir) => [manifest(dir).name, dir]));

/** The package a file belongs to: the deepest package folder that holds it. */
function ownerOf(file: string): string | undefined {
  const rel = relative(ROOT, file).split(sep).join("/");
  return [...PACKAGES].sort((a, b) => b.length - a.length).find((p) => rel.startsWith(`${p}/`));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name === "cdk.out") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (spec: string) =>
  spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string);

function violations(dir: string): string[] {
  const own = manifest(dir);
  const declared = new Set([
    ...Object.keys(own.dependencies ?? {}),
    ...Object.keys(own.devDependencies ?? {}),
  ]);
  const rootDev = new Set(Object.keys(manifest(".").devDependencies ?? {}));
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, dir))) {
    if (ownerOf(file) !== dir) continue; // a nested package checks its own files
    const where = relative(ROOT, file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (ownerOf(`${target}.ts`) !== dir && ownerOf(join(target, "index.ts")) !== dir) {
          found.push(`${where}: relative import "${spec}" leaves package ${dir}`);
        }
        continue;
      }
      if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
      const name = packageName(spec);
      const sibling = byName.get(name);
      if (sibling) {
        const sub = spec === name ? "." : `.${spec.slice(name.length)}`;
        if (!manifest(sibling).exports?.[sub]) found.push(`${where}: "${spec}" is not an export of ${name}`);
      }
      if (!declared.has(name) && !(rootDev.has(name) && isToolingFile(file))) {
        found.push(`${where}: "${name}" is not a dependency of ${own.name}`);
      }
    }
  }
  return found;
}

/** Build configuration that runs in Node at build time may use the root's tools (vite). */
const isToolingFile = (file: string) => /(^|\/)vite\.config\.ts$/.test(file);

describe("package boundaries", () => {
  for (const dir of PACKAGES) {
    it(`${dir} imports only its own files, declared dependencies and public entries`, () => {
      expect(violations(dir)).toEqual([]);
    });
  }

  it("the protocol package has no dependencies", () => {
    const m = manifest("functions/protocol");
    expect(m.dependencies ?? {}).toEqual({});
    expect(m.devDependencies ?? {}).toEqual({});
  });

  it("the checker sees a crossing import (it can fail)", () => {
    const file = join(ROOT, "recorder/src/index.ts");
    const target = resolve(dirname(file), "../../functions/src/domain/ids");
    expect(ownerOf(`${target}.ts`)).toBe("functions");
  });
});
