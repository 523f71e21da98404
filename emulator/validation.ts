// Request parameters checked with the provider's own schemas, and the first problem reported with the error code
// the service uses for it. Names in messages are the API's (`RecordParams.MaxIdleTime`), never the schemas' camelCase.

import type { z } from "zod";
import type { ActionName } from "../provider/api/actions";
import { type RequestSchemas, requestSchemas } from "../provider/api/schemas";
import { suggestField, typeReason, valueAt } from "../provider/api/schemas/issues";
import type { Site } from "../provider/api/sites";
import { capitalize, uncapitalize } from "../provider/api/wire";
import { ApiError } from "./apiError";

export type ParsedRequest<A extends ActionName> = z.output<RequestSchemas[A]>;

const CREATE_MISSING = [
  "AccessKey",
  "Bucket",
  "CloudStorage",
  "RecordMode",
  "RecordParams",
  "Region",
  "RoomId",
  "SdkAppId",
  "SecretKey",
  "StorageParams",
  "StreamType",
  "TaskId",
  "UserId",
  "UserSig",
  "Vendor",
];
const MANAGE_MISSING = ["RoomId", "SdkAppId", "TaskId", "UserId"];

// The MissingParameter.<Name> codes each action documents (Go SDK client.go error lists); other missing fields
// get plain MissingParameter.
const DOCUMENTED_MISSING: Record<ActionName, ReadonlySet<string>> = {
  CreateCloudRecording: new Set(CREATE_MISSING),
  DescribeCloudRecording: new Set(MANAGE_MISSING),
  ModifyCloudRecording: new Set(MANAGE_MISSING),
  DeleteCloudRecording: new Set(MANAGE_MISSING),
  StartWebRecord: new Set(),
  DescribeWebRecord: new Set(),
  StopWebRecord: new Set(),
};

type Path = readonly PropertyKey[];

/** `MixLayoutParams.MixLayoutList.0.Width`: the API's own spelling of a field. */
export function apiPath(path: Path): string {
  return path.map((key) => (typeof key === "string" ? capitalize(key) : String(key))).join(".");
}

/** Rewrites the schemas' camelCase field names in a message (`recordParams.streamType`) to the API's. */
export function apiNames(message: string): string {
  return message.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, capitalize);
}

/** `RecordParams.MaxIdleTime must be ...`, ending as a sentence. */
export function fieldMessage(path: Path, message: string): string {
  const where = apiPath(path);
  const text = apiNames(message);
  const sentence = /[.?!]$/.test(text) ? text : `${text}.`;
  return where ? `${where} ${sentence}` : sentence;
}

/**
 * PascalCase body → the schemas' camelCase. The API is case-sensitive: a name that does not start with an
 * upper-case letter is no parameter at all.
 */
function toSchemaKeys(value: unknown, parent: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => toSchemaKeys(item, `${parent}${i}.`));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const first = key.charCodeAt(0);
    if (!(first >= 65 && first <= 90)) {
      throw new ApiError(
        "UnknownParameter",
        `${parent}${key} is not a known parameter: parameter names are case-sensitive and start with an upper-case letter.`,
      );
    }
    out[uncapitalize(key)] = toSchemaKeys(child, `${parent}${key}.`);
  }
  return out;
}

function errorFor(action: ActionName, issue: z.core.$ZodIssue, input: unknown, schema: unknown): ApiError {
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0] ?? "";
      const meant = suggestField(schema, issue.path, key);
      const hint = meant ? `; did you mean "${capitalize(meant)}"?` : ".";
      return new ApiError(
        "UnknownParameter",
        `${apiPath([...issue.path, key])} is not a known parameter of ${action}${hint}`,
      );
    }
    case "custom": {
      const apiCode = (issue.params as { apiCode?: unknown } | undefined)?.apiCode;
      return new ApiError(
        typeof apiCode === "string" ? apiCode : "InvalidParameter",
        fieldMessage(issue.path, issue.message),
      );
    }
    default:
      break;
  }
  if ((issue.code === "invalid_type" || issue.code === "invalid_value") && valueAt(input, issue.path) === undefined) {
    const leaf = [...issue.path].reverse().find((key) => typeof key === "string");
    const name = typeof leaf === "string" ? capitalize(leaf) : "";
    const code = DOCUMENTED_MISSING[action].has(name) ? `MissingParameter.${name}` : "MissingParameter";
    return new ApiError(code, fieldMessage(issue.path, "is required"));
  }
  switch (issue.code) {
    case "invalid_type":
      return new ApiError("InvalidParameter", fieldMessage(issue.path, typeReason(issue)));
    case "too_small":
    case "too_big":
    case "invalid_value":
      return new ApiError("InvalidParameter.OutOfRange", fieldMessage(issue.path, issue.message));
    default:
      return new ApiError("InvalidParameter", fieldMessage(issue.path, issue.message));
  }
}

/** A field the schema's own rules require although its zod type is optional (resources may default it). */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ApiError("MissingParameter", `${name} is required.`);
  return value;
}

/** Parses a request body (already JSON-decoded) for `action`; throws the ApiError of its first problem. */
export function validateRequest<A extends ActionName>(site: Site, action: A, body: unknown): ParsedRequest<A> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
  }
  const input = toSchemaKeys(body, "");
  const schema = requestSchemas(site)[action] as unknown as z.ZodType;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as ParsedRequest<A>;
  const first = parsed.error.issues[0];
  if (!first) throw new ApiError("InvalidParameter", "The request parameters are invalid.");
  throw errorFor(action, first, input, schema);
}
