// Reads the TSDoc of object properties in a source file with the TypeScript parser, so tests can check what the
// docs say (links, defaults) field by field.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export const REPO = join(__dirname, "..", "..");

export interface DocumentedProperty {
  /** The top-level function the property is written in ("" at module scope). */
  fn: string;
  /** The property name. */
  name: string;
  /** Whether the property is a key of a `z.strictObject({...})` or of the object a `...Shape()` function returns. */
  schemaField: boolean;
  /** The `/** ... *\/` comment just before the property, or undefined. */
  doc: string | undefined;
}

export function sourceText(file: string): string {
  return readFileSync(join(REPO, file), "utf8");
}

/** URLs in a text, without trailing punctuation. */
export function urlsIn(text: string): string[] {
  return (text.match(/https?:\/\/[^\s"'`<>)*]+/g) ?? []).map((url) => url.replace(/[.,:;]+$/, ""));
}

/** The targets of a comment's `@see` tags, in order. */
export function seeLinks(doc: string): string[] {
  return [...doc.matchAll(/@see\s+(\S+)/g)].map((m) => m[1]?.replace(/[.,;]+$/, "") ?? "");
}

/** The text of a comment's `@defaultValue` tag, up to the next tag. */
export function defaultValue(doc: string): string | undefined {
  return /@defaultValue\s+([\s\S]*?)\s*(?=@\w|\*\/)/.exec(doc)?.[1]?.replace(/\s*\n\s*\*\s*/g, " ");
}

function docBefore(text: string, node: ts.Node): string | undefined {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const last = ranges.at(-1);
  if (!last) return undefined;
  const comment = text.slice(last.pos, last.end);
  return comment.startsWith("/**") ? comment : undefined;
}

function isSchemaObject(node: ts.ObjectLiteralExpression, fn: string): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    const callee = parent.expression;
    return ts.isPropertyAccessExpression(callee) && callee.name.text === "strictObject";
  }
  return ts.isReturnStatement(parent) && fn.endsWith("Shape");
}

/** Every property assignment of every object literal in `file`, with its TSDoc. */
export function documentedProperties(file: string): DocumentedProperty[] {
  const text = sourceText(file);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: DocumentedProperty[] = [];
  const visit = (node: ts.Node, fn: string) => {
    const inFn = ts.isFunctionDeclaration(node) && node.name && fn === "" ? node.name.text : fn;
    if (ts.isObjectLiteralExpression(node)) {
      const schemaField = isSchemaObject(node, inFn);
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) {
          found.push({ fn: inFn, name: property.name.text, schemaField, doc: docBefore(text, property) });
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, inFn));
  };
  visit(source, "");
  return found;
}
