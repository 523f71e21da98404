// Building blocks for the API's field rules. Every schema is built inside a function, never at module scope,
// so that nothing zod-made is ever reachable from a serialized closure.
//
// Only documented rules are built here (SOURCES.md names the source of each). Limits no source states (a byte length,
// a character set, no control characters) are not failures: advisories.ts warns about them at preview.

import { z } from "zod";

/** Integer within [min, max]; `unit` reads after the numbers ("seconds", "px"). */
export function int(min: number, max: number = Number.MAX_SAFE_INTEGER, unit = "") {
  const suffix = unit ? ` ${unit}` : "";
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}${suffix}` : `between ${min} and ${max}${suffix}`;
  return z
    .int({ error: `must be an integer ${range}` })
    .min(min, { error: `must be ${range}` })
    .max(max, { error: `must be ${range}` });
}

/**
 * An API `Integer` whose model type is uint64 (tccli api.json `"member": "uint64"`): any integer from 0, and nothing
 * more unless the field's own documentation says so. (The upper bound is the largest integer a JSON number carries
 * exactly, not an API rule.)
 */
export function uint(unit = "") {
  return int(0, Number.MAX_SAFE_INTEGER, unit);
}

/** An API `Integer` whose model type is int64 (negative values allowed by the type). */
export function int64() {
  return int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

/** One of a documented set of integer codes; `labels` name each code for the error message. */
export function code<const T extends readonly [number, ...number[]]>(values: T, labels: readonly string[]) {
  const listed = values.map((v, i) => (labels[i] ? `${v} (${labels[i]})` : String(v))).join(", ");
  return z.literal(values, { error: `must be one of ${listed}` });
}

export function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

export interface TextRules {
  /** Documented maximum length in UTF-8 bytes (the API counts bytes). Leave out when no source states one. */
  maxBytes?: number;
  /** Documented characters. */
  pattern?: RegExp;
  /** What the pattern allows, for the error message. */
  patternHint?: string;
}

/**
 * An API `String`. Only the documented rules of the field apply: no length, character or emptiness rule is assumed
 * (advisories.ts warns about empty values, control characters and the limits the provider once assumed).
 */
export function text(rules: TextRules = {}) {
  const { maxBytes, pattern } = rules;
  let schema = z.string({ error: "must be a string" });
  if (maxBytes !== undefined) {
    schema = schema.refine((v) => byteLength(v) <= maxBytes, {
      error: `must be at most ${maxBytes} bytes long`,
      params: { apiCode: "InvalidParameter.OutOfRange" },
    });
  }
  if (pattern !== undefined) {
    schema = schema.refine((v) => pattern.test(v), {
      error: `may only contain ${rules.patternHint ?? "the documented characters"}`,
    });
  }
  return schema;
}

/** Up to `max` entries (the documented maximum). */
export function list<T extends z.ZodType>(item: T, max: number = Number.MAX_SAFE_INTEGER) {
  const schema = z.array(item, { error: "must be a list" });
  return max === Number.MAX_SAFE_INTEGER ? schema : schema.max(max, { error: `must have at most ${max} entries` });
}

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

// RFC 3986 §2: a URI never contains spaces or control characters (WHATWG parsing would silently drop a newline or a
// tab, so the raw string is checked first).
function hasSpaceOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || /\s/.test(value[i] ?? "")) return true;
  }
  return false;
}

/**
 * An absolute http(s) URL: the web page a web recording opens ("webpage URL",
 * https://www.tencentcloud.com/document/api/647/72066). `javascript:`, `file:` and the like are no web page. No length
 * limit: none is documented.
 */
export function httpUrl() {
  return text()
    .refine((v) => !hasSpaceOrControl(v), { error: "must not contain whitespace or control characters" })
    .refine(
      (v) => {
        const url = parsedUrl(v);
        return url !== undefined && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      },
      { error: "must be an absolute http:// or https:// URL" },
    );
}

// https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams: images must be jpg/png/jpeg, the URL must
// carry the extension and may only use these characters.
const IMAGE_URL_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!&()*+,%=]+$/;

/**
 * An image the service downloads: documented characters and extension
 * (https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams); http(s), the scheme of every documented
 * example and of a download. No length limit: none is documented.
 */
export function imageUrl() {
  return text()
    .refine((v) => IMAGE_URL_CHARS.test(v), {
      error: "may only contain letters, digits and - . _ ~ : / ? # [ ] @ ! & ( ) * + , % =",
    })
    .refine(
      (v) => {
        const url = parsedUrl(v);
        return url !== undefined && (url.protocol === "http:" || url.protocol === "https:");
      },
      { error: "must be an http:// or https:// URL" },
    )
    .refine((v) => /\.(jpe?g|png)$/i.test(parsedUrl(v)?.pathname ?? ""), {
      error: "must point to a .jpg, .jpeg or .png file (the extension must be in the URL path)",
    });
}

/**
 * An rtmp:// push address: McuPublishCdnParam.PublishCdnUrl "只支持rtmp链接" (rtmp only; tccli api.json, China site).
 * No length limit: none is documented.
 */
export function rtmpUrl() {
  return text()
    .refine((v) => !hasSpaceOrControl(v), { error: "must not contain whitespace or control characters" })
    .refine((v) => parsedUrl(v)?.protocol === "rtmp:", { error: "must be an rtmp:// URL" });
}

/** `#RRGGBB` (MixLayoutParams.BackGroundColor, https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams). */
export function hexColor() {
  return z.string({ error: "must be a string" }).regex(/^#[0-9A-Fa-f]{6}$/, { error: "must be a #RRGGBB colour" });
}

/** Letters, digits, underscore and hyphen (FileNamePrefix, UserDefineRecordId); `maxBytes` where documented. */
export function token(maxBytes?: number) {
  return text({ maxBytes, pattern: /^[A-Za-z0-9_-]*$/, patternHint: "letters, digits, _ and -" });
}
