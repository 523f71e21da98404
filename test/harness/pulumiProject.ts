// What the CLI reads from a program dir before running it: the project name and the entry point.

import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export interface PulumiProject {
  name?: string;
  main?: string;
}

/** The top-level `name` and `main` of Pulumi.yaml (or .yml); enough YAML for a project file. */
export function readPulumiProject(programDir: string): PulumiProject {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => join(programDir, f)).find((f) => existsSync(f));
  if (!file) return {};
  const project: PulumiProject = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^(name|main):\s*(.*?)\s*$/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    project[match[1] as keyof PulumiProject] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return project;
}

/**
 * The module the language host requires: `main` when given (a file, or a directory holding index.js/index.ts),
 * else the program dir's index. Like Node's own resolution of a directory, index.js wins over index.ts.
 */
export function resolveEntry(programDir: string, main?: string): { entry: string; warnings: string[] } {
  const base = main ? resolve(programDir, main) : programDir;
  if (existsSync(base) && statSync(base).isFile()) return { entry: base, warnings: [] };
  const js = join(base, "index.js");
  const ts = join(base, "index.ts");
  if (existsSync(js)) {
    const warnings = existsSync(ts)
      ? [
          "Found a TypeScript project containing an index.js file and no explicit entrypoint in Pulumi.yaml - Pulumi will use index.js",
        ]
      : [];
    return { entry: js, warnings };
  }
  if (existsSync(ts)) return { entry: ts, warnings: [] };
  throw new Error(`no program entry point: neither ${js} nor ${ts} exists`);
}
