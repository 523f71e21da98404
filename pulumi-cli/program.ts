// A Pulumi program directory as an Automation API inline program. The CLI cannot start a project's own program
// (the Node.js language host is not available: see README.md), so the program runs in this process, with the
// same engine and state. TypeScript files are compiled the way the Node language host runs them (ts-node,
// transpile-only): each file on its own through `typescript.transpileModule`, to CommonJS.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";

interface CompilableModule {
  _compile(code: string, filename: string): void;
}
type TypeScript = typeof import("typescript");

let registered = false;

/** Registers the `.ts` loader once per process; transpiled files are cached on disk by content. */
function registerTypeScript(programDir: string): void {
  if (registered) return;
  registered = true;
  const nativeRequire = createRequire(join(programDir, "index.js"));
  const typescriptPath = nativeRequire.resolve("typescript", { paths: [programDir, process.cwd()] });
  let ts: TypeScript | undefined;
  const cacheDir = join(tmpdir(), "pulumi-trtc-ts-cache");
  // Native require (not a test runner's): the program and pulumi-trtc must share this process's @pulumi/pulumi.
  nativeRequire.extensions[".ts"] = (module, filename) => {
    const source = readFileSync(filename, "utf8");
    const fileName = basename(filename);
    const key = createHash("sha256").update(`${typescriptPath}\n${fileName}\n${source}`).digest("hex");
    const cached = join(cacheDir, `${key}.js`);
    let output: string;
    try {
      output = readFileSync(cached, "utf8");
    } catch {
      // Loading the compiler costs ~0.3 s: only on a cache miss.
      ts ??= nativeRequire(typescriptPath) as TypeScript;
      output = ts.transpileModule(source, {
        fileName,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          inlineSourceMap: true,
        },
      }).outputText;
      mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cached}.${process.pid}.tmp`;
      writeFileSync(temporary, output);
      renameSync(temporary, cached);
    }
    (module as unknown as CompilableModule)._compile(output, filename);
  };
}

/**
 * The program whose entry file is `main` (a .ts or .js file), as an inline program: each run loads it afresh, as
 * each `pulumi up` starts a new program, and its exports become the stack's outputs.
 */
export function loadProgram(main: string): PulumiFn {
  const entry = resolve(main);
  const programDir = resolve(entry, "..");
  return async () => {
    registerTypeScript(programDir);
    const nativeRequire = createRequire(entry);
    for (const file of Object.keys(nativeRequire.cache)) {
      if (file.startsWith(programDir) && !file.includes("/node_modules/")) delete nativeRequire.cache[file];
    }
    const exports = nativeRequire(entry) as Record<string, unknown>;
    return { ...exports };
  };
}
