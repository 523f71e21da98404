// Installs a real copy (not a symlink) of a package into a program's node_modules, exactly the files `npm pack`
// ships. Only then does closure serialization turn the provider into `require("<pkg>/dist/...")` inside
// `__provider`, as it does for users; a symlink would resolve to the source tree and be serialized by value.
// Dependencies are not installed: they resolve by walking up to the repository's node_modules.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { repoRoot, scratchRoot } from "./paths";

interface PackedTarball {
  /** Changes whenever package.json or a shipped file changes. */
  freshness: string;
  path: string;
}

const tarballs = new Map<string, PackedTarball>();

/**
 * Puts a fresh copy of the package at `packageDir` (default: this repository, which must be built) into
 * `<programDir>/node_modules/<name>`, replacing any older copy. Returns the installed directory.
 */
export function installPackageCopy(programDir: string, packageDir: string = repoRoot()): string {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string };
  // A program directory is a package of its own. Without a package.json, Node would resolve the package's name from
  // the nearest enclosing package.json, and inside this repository that is the package itself (a self-reference
  // through its exports map): the program would load the provider from ./dist, which Pulumi cannot require by name.
  const programManifest = join(programDir, "package.json");
  if (!existsSync(programManifest)) {
    writeFileSync(programManifest, `${JSON.stringify({ name: basename(programDir), private: true }, null, 2)}\n`);
  }
  const tarball = packedTarball(packageDir);
  const modulesDir = join(programDir, "node_modules");
  const target = join(modulesDir, manifest.name);
  mkdirSync(dirname(target), { recursive: true });

  // Extract beside the target, then swap, so a half-extracted copy is never visible under the package's name.
  const staging = mkdtempSync(join(modulesDir, ".staging-"));
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", staging, "--strip-components=1"], { stdio: "pipe" });
    if (isPresent(target)) {
      const old = `${staging}-old`;
      renameSync(target, old);
      rmSync(old, { recursive: true, force: true });
    }
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/**
 * `npm pack` once per package version: cached in this process and, by the same freshness key, on disk under
 * .scratch/ so parallel test processes (vitest forks) do not each pay for npm's start-up.
 */
function packedTarball(packageDir: string): string {
  const freshness = packageFreshness(packageDir);
  const cached = tarballs.get(packageDir);
  if (cached && cached.freshness === freshness && existsSync(cached.path)) return cached.path;

  const cacheDir = join(scratchRoot(), "packs");
  const key = createHash("sha256").update(`${packageDir}\n${freshness}`).digest("hex").slice(0, 16);
  const path = join(cacheDir, `${key}.tgz`);
  if (!existsSync(path)) {
    mkdirSync(cacheDir, { recursive: true });
    const destination = mkdtempSync(join(cacheDir, ".pack-"));
    try {
      const output = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
        cwd: packageDir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      const [packed] = JSON.parse(output) as Array<{ filename: string }>;
      if (!packed) throw new Error(`npm pack produced nothing for ${packageDir}`);
      // Renamed into place whole, so a concurrent reader never sees a partial tarball.
      renameSync(join(destination, packed.filename), path);
    } finally {
      rmSync(destination, { recursive: true, force: true });
    }
    pruneOldTarballs(cacheDir);
  }
  tarballs.set(packageDir, { freshness, path });
  return path;
}

const TARBALL_MAX_AGE_MS = 3_600_000;

function pruneOldTarballs(cacheDir: string): void {
  const now = Date.now();
  for (const entry of readdirSync(cacheDir)) {
    const file = join(cacheDir, entry);
    if (entry.endsWith(".tgz") && now - lstatSync(file).mtimeMs > TARBALL_MAX_AGE_MS) rmSync(file, { force: true });
  }
}

/** package.json's mtime plus the newest mtime among the shipped files (the `files` entries, else everything). */
function packageFreshness(packageDir: string): string {
  const manifestPath = join(packageDir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files?: string[] };
  const roots = (manifest.files ?? ["."]).map((entry) => join(packageDir, entry));
  let newest = 0;
  for (const root of roots) newest = Math.max(newest, newestMtime(root));
  if (newest === 0 && packageDir === repoRoot()) {
    throw new Error(`nothing to pack in ${packageDir}: run \`npm run build\` first`);
  }
  return `${lstatSync(manifestPath).mtimeMs}:${newest}`;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
