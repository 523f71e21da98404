// Private copies of fixture programs. Each test file gets its own program dir (with its own node_modules copy of
// the package and its own state), so test files running in parallel never replace each other's installed package.
// Copies live under the repository's .scratch/ so the package's dependencies resolve from the root node_modules.

import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { scratchRoot } from "../../pulumi-cli/paths";

/** Copies `sourceDir` (without its node_modules) to a fresh directory and returns it. */
export function copyProgram(sourceDir: string, label: string = basename(sourceDir)): string {
  mkdirSync(scratchRoot(), { recursive: true });
  const target = mkdtempSync(join(scratchRoot(), `${label}-`));
  cpSync(sourceDir, target, {
    recursive: true,
    filter: (source) => basename(source) !== "node_modules",
  });
  return target;
}

export function removeProgramCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
