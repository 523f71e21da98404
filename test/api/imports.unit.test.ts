// The import graph of the API layer and the emulator: no module imports itself back through others (the action
// handlers once imported their context types from the dispatcher that imports them), and the emulator reaches into
// the provider only through provider/api, so it models the API and never the provider's own behaviour.

import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO, sourceText } from "./tsdoc";

const DIRECTORIES = ["emulator", "provider/api", "provider/api/schemas"];

function modules(): string[] {
  return DIRECTORIES.flatMap((dir) =>
    readdirSync(join(REPO, dir))
      .filter((name) => name.endsWith(".ts"))
      .map((name) => `${dir}/${name}`),
  );
}

/** The repository files a module imports or re-exports (relative specifiers only). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, sourceText(file), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier
        ? (statement.moduleSpecifier as ts.StringLiteral).text
        : undefined;
    if (!specifier?.startsWith(".")) continue;
    const target = resolve(REPO, dirname(file), `${specifier}.ts`);
    if (existsSync(target)) found.push(relative(REPO, target).split("\\").join("/"));
  }
  return found;
}

function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

describe("import graph of provider/api and the emulator", () => {
  const graph = new Map(modules().map((file) => [file, importsOf(file)] as const));

  it("reads the modules it checks", () => {
    expect(graph.get("emulator/actions.ts")).toEqual(
      expect.arrayContaining(["emulator/actionContext.ts", "emulator/cloudActions.ts", "emulator/webActions.ts"]),
    );
  });

  it("has no cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const looped = new Map(graph);
    looped.set("emulator/cloudActions.ts", [...(graph.get("emulator/cloudActions.ts") ?? []), "emulator/actions.ts"]);
    expect(cycles(looped)).toContain("emulator/actions.ts -> emulator/cloudActions.ts -> emulator/actions.ts");
  });

  it("lets the emulator import from provider/ only what is in provider/api", () => {
    const outside = [...graph]
      .filter(([file]) => file.startsWith("emulator/"))
      .flatMap(([file, targets]) => targets.map((target) => `${file} -> ${target}`))
      .filter((edge) => {
        const target = edge.split(" -> ")[1] ?? "";
        return target.startsWith("provider/") && !target.startsWith("provider/api/");
      });
    expect(outside).toEqual([]);
  });

  it("keeps provider/api free of imports from the rest of the provider and from the emulator", () => {
    const outside = [...graph]
      .filter(([file]) => file.startsWith("provider/api/"))
      .flatMap(([file, targets]) =>
        targets.filter((t) => !t.startsWith("provider/api/")).map((t) => `${file} -> ${t}`),
      );
    expect(outside).toEqual([]);
  });
});

/**
 * The packages a module loads when it is required, through the repository modules it imports at run time
 * (`import type` and imports of types only are erased, so they load nothing).
 */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, sourceText(file), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      let specifier: string | undefined;
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        const bindings = clause?.namedBindings;
        const typesOnly =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (clause.name === undefined &&
              bindings !== undefined &&
              ts.isNamedImports(bindings) &&
              bindings.elements.every((e) => e.isTypeOnly)));
        if (!typesOnly) specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
        specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      }
      if (specifier === undefined) continue;
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      const base = resolve(REPO, dirname(file), specifier);
      const target = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
      if (target) visit(relative(REPO, target).split("\\").join("/"));
    }
  };
  visit(entry);
  return packages;
}

describe("modules that load no zod", () => {
  // zod takes about 100 ms to load: the provider loads it on first use by check (provider/recordings/schemas.ts).
  it.each(["provider/layout/index.ts", "provider/api/schemas/advisories.ts", "provider/recordings/files.ts"])(
    "%s",
    (entry) => {
      expect([...packagesLoadedBy(entry)].filter((name) => name === "zod" || name.startsWith("zod/"))).toEqual([]);
    },
  );

  it("sees zod where it is loaded", () => {
    expect(packagesLoadedBy("provider/api/schemas/cloudRecording.ts")).toContain("zod");
  });
});
