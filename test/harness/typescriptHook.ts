// Lets a program's .ts files be required, the way the Node language host runs TypeScript with ts-node in
// transpile-only mode: each file on its own through `typescript.transpileModule`, to CommonJS, no type checking.
// Loading the compiler costs ~0.3 s per process, so transpiled files are cached on disk by content and the compiler
// is only loaded on a cache miss.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { scratchRoot } from "../../pulumi-cli/paths";

interface CompilableModule {
  _compile(code: string, filename: string): void;
}

type TypeScript = typeof import("typescript");

let registered = false;

/** Registers the `.ts` loader once per process, using the program's own typescript when it has one. */
export function registerTypeScript(programDir: string): void {
  if (registered) return;
  registered = true;
  const typescriptPath = require.resolve("typescript", { paths: [programDir, __dirname] });
  let ts: TypeScript | undefined;
  const cacheDir = join(scratchRoot(), "ts-cache");

  require.extensions[".ts"] = (module, filename) => {
    const source = readFileSync(filename, "utf8");
    // The source map names the file relative to itself, so one cache entry serves every copy of a program.
    const fileName = basename(filename);
    const key = createHash("sha256").update(`${typescriptPath}\n${fileName}\n${source}`).digest("hex");
    const cached = join(cacheDir, `${key}.js`);
    let output: string;
    try {
      output = readFileSync(cached, "utf8");
    } catch {
      ts ??= require(typescriptPath) as TypeScript;
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
