// Where things are: the repository root and the Node binary the project needs. Code here runs both from its
// TypeScript sources (vitest) and from its compiled copy in dist/, so nothing here may assume either layout.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this file holding a package.json (dist/ has none). */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

const REQUIRED_NODE_MAJOR = 22;

/**
 * The Node binary for child processes: this process's own when it is new enough (npm scripts put the project's
 * Node 22 first on PATH), otherwise the project's `node_modules/.bin/node`. The system Node 20 cannot load undici 8.
 */
export function nodeBinary(): string {
  if (Number(process.versions.node.split(".")[0]) >= REQUIRED_NODE_MAJOR) return process.execPath;
  const local = join(repoRoot(), "node_modules", ".bin", "node");
  return existsSync(local) ? local : process.execPath;
}

/** A scratch directory inside the repository (git- and biome-ignored), so program copies resolve its node_modules. */
export function scratchRoot(): string {
  return join(repoRoot(), ".scratch", "programs");
}
