// Checks a request body against the emulator's API description (apiModel.ts, apiRules.ts) and answers its first
// problem with the code the service documents for it:
//   a name the structure does not have        UnknownParameter (names are case-sensitive)
//   a required field absent                   MissingParameter.<Name> where the action documents that sub-code,
//                                             else MissingParameter
//   a value of the wrong JSON type            InvalidParameter
//   outside a documented range, set or count  InvalidParameter.OutOfRange (cloud actions), InvalidParameterValue (web)
//   not of a documented form                  InvalidParameterValue
// Names in messages are the API's own (`RecordParams.MaxIdleTime`).

import type { ActionName } from "../provider/api/actions";
import type { Site } from "../provider/api/sites";
import { ApiError } from "./apiError";
import { type FieldSpec, isStructName, REQUEST_STRUCTS, type StructName, structSpec } from "./apiModel";
import { crossFieldRules } from "./apiRules";
import { missingCode, valueErrorCode } from "./errorCodes";
import type { ActionRequests } from "./requests";

export interface ValidationOptions {
  site: Site;
  /** Upper bound of StartWebRecord.MaxDurationLimit (86400 documented today; 36000 in older intl descriptions). */
  webMaxDurationSeconds: number;
}

type Path = readonly (string | number)[];

export function apiPath(path: Path): string {
  return path.map(String).join(".");
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

/** A structure's fields as one site's API description has them. */
interface SiteFields {
  fields: readonly (readonly [string, FieldSpec])[];
  known: ReadonlySet<string>;
}

// Worked out once per site and structure, not on every request.
const SITE_FIELDS = new Map<string, SiteFields>();

function siteFields(name: StructName, site: Site): SiteFields {
  const id = `${site}\n${name}`;
  let cached = SITE_FIELDS.get(id);
  if (!cached) {
    const fields = Object.entries(structSpec(name).fields).filter(([, field]) => !field.site || field.site === site);
    cached = { fields, known: new Set(fields.map(([key]) => key)) };
    SITE_FIELDS.set(id, cached);
  }
  return cached;
}

/** Same letters ignoring case, or one edit apart: what a typo looks like. */
function closeTo(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return x.slice(i + 1) === y.slice(i + 1) || x.slice(i) === y.slice(i + 1) || x.slice(i + 1) === y.slice(i);
}

class Validator {
  private readonly action: ActionName;
  private readonly options: ValidationOptions;

  constructor(action: ActionName, options: ValidationOptions) {
    this.action = action;
    this.options = options;
  }

  struct(name: StructName, value: unknown, path: Path): void {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ApiError("InvalidParameter", `${path.length ? apiPath(path) : "The request body"} must be an object.`);
    }
    const body = value as Record<string, unknown>;
    const { fields, known } = siteFields(name, this.options.site);
    for (const key of Object.keys(body)) {
      if (known.has(key)) continue;
      const meant = [...known].find((candidate) => closeTo(candidate, key));
      const hint = meant ? `; did you mean "${meant}"?` : ".";
      const site = Object.hasOwn(structSpec(name).fields, key) ? ` on the ${this.options.site} site` : "";
      throw new ApiError(
        "UnknownParameter",
        `${apiPath([...path, key])} is not a parameter of ${this.action}${site}${hint}`,
      );
    }
    for (const [key, field] of fields) {
      if (field.required && absent(body[key], field)) {
        throw new ApiError(missingCode(this.action, key), `${apiPath([...path, key])} is required.`);
      }
    }
    for (const [key, field] of fields) {
      const child = body[key];
      if (child !== undefined && child !== null) this.field(field, child, [...path, key]);
    }
  }

  private field(field: FieldSpec, value: unknown, path: Path): void {
    if (!field.list) {
      this.single(field, value, path);
      return;
    }
    if (!Array.isArray(value)) throw new ApiError("InvalidParameter", `${apiPath(path)} must be a list.`);
    if (field.maxItems !== undefined && value.length > field.maxItems) {
      throw new ApiError(valueErrorCode(this.action), `${apiPath(path)} must have at most ${field.maxItems} entries.`);
    }
    value.forEach((item, i) => {
      this.single(field, item, [...path, i]);
    });
  }

  private single(field: FieldSpec, value: unknown, path: Path): void {
    if (isStructName(field.kind)) {
      this.struct(field.kind, value, path);
      return;
    }
    switch (field.kind) {
      case "uint64":
      case "int64": {
        if (typeof value !== "number" || !Number.isInteger(value) || (field.kind === "uint64" && value < 0)) {
          const what = field.kind === "uint64" ? "an unsigned integer" : "an integer";
          throw new ApiError("InvalidParameter", `${apiPath(path)} must be ${what}, got ${JSON.stringify(value)}.`);
        }
        const min = field.min ?? Number.NEGATIVE_INFINITY;
        const max = this.maxOf(path, field);
        if (value < min || value > max) {
          const range = field.min === undefined ? `at most ${max}` : `between ${min} and ${max}`;
          throw new ApiError(valueErrorCode(this.action), `${apiPath(path)} must be ${range}, got ${value}.`);
        }
        break;
      }
      case "string": {
        if (typeof value !== "string") {
          throw new ApiError("InvalidParameter", `${apiPath(path)} must be a string, got ${JSON.stringify(value)}.`);
        }
        if (field.maxBytes !== undefined && byteLength(value) > field.maxBytes) {
          throw new ApiError(
            valueErrorCode(this.action),
            `${apiPath(path)} must be at most ${field.maxBytes} bytes long.`,
          );
        }
        if (field.format && !field.format.pattern.test(value)) {
          throw new ApiError("InvalidParameterValue", `${apiPath(path)} must be ${field.format.says}.`);
        }
        break;
      }
      case "bool":
        if (typeof value !== "boolean") {
          throw new ApiError(
            "InvalidParameter",
            `${apiPath(path)} must be true or false, got ${JSON.stringify(value)}.`,
          );
        }
        break;
      default:
        throw new Error(`apiModel: ${apiPath(path)} has an unknown kind ${field.kind}`);
    }
    if (field.values && !field.values.includes(value as never)) {
      const listed = field.values.map((v) => JSON.stringify(v)).join(", ");
      throw new ApiError(
        valueErrorCode(this.action),
        `${apiPath(path)} must be one of ${listed}, got ${JSON.stringify(value)}.`,
      );
    }
  }

  private maxOf(path: Path, field: FieldSpec): number {
    if (this.action === "StartWebRecord" && path.length === 1 && path[0] === "MaxDurationLimit") {
      return this.options.webMaxDurationSeconds;
    }
    return field.max ?? Number.POSITIVE_INFINITY;
  }
}

// A JSON null is what the official SDKs never send (they drop null fields), so it counts as absent; an empty string
// for a required string is taken as absent too (an assumption: the docs do not say).
function absent(value: unknown, field: FieldSpec): boolean {
  return value === undefined || value === null || (field.kind === "string" && !field.list && value === "");
}

/** Checks a request body (already JSON-decoded) for `action`; throws the ApiError of its first problem. */
export function validateRequest<A extends ActionName>(
  action: A,
  body: unknown,
  options: ValidationOptions,
): ActionRequests[A] {
  new Validator(action, options).struct(REQUEST_STRUCTS[action], body, []);
  const issue = crossFieldRules(action, body as Record<string, unknown>)[0];
  if (issue) throw new ApiError(issue.code, `${apiPath(issue.path)} ${issue.message}`);
  return body as ActionRequests[A];
}
