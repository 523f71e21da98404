// Building blocks for the API's field rules. Every schema is built inside a function, never at module scope,
// so that nothing zod-made is ever reachable from a serialized closure.

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

/** One of a documented set of integer codes; `labels` name each code for the error message. */
export function code<const T extends readonly [number, ...number[]]>(values: T, labels: readonly string[]) {
  const listed = values.map((v, i) => (labels[i] ? `${v} (${labels[i]})` : String(v))).join(", ");
  return z.literal(values, { error: `must be one of ${listed}` });
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

export interface TextRules {
  /** Maximum length in UTF-8 bytes (the API counts bytes). */
  maxBytes: number;
  minLength?: number;
  pattern?: RegExp;
  /** What the pattern allows, for the error message. */
  patternHint?: string;
}

/** A string with a byte limit, never containing control characters (they would be header or log injection). */
export function text(rules: TextRules) {
  let schema = z.string({ error: "must be a string" });
  if ((rules.minLength ?? 1) > 0) schema = schema.min(rules.minLength ?? 1, { error: "must not be empty" });
  return schema
    .refine((v) => !hasControlCharacter(v), { error: "must not contain control characters (such as newlines)" })
    .refine((v) => byteLength(v) <= rules.maxBytes, {
      error: `must be at most ${rules.maxBytes} bytes long`,
      params: { apiCode: "InvalidParameter.OutOfRange" },
    })
    .refine((v) => !rules.pattern || rules.pattern.test(v), {
      error: `may only contain ${rules.patternHint ?? "the documented characters"}`,
    });
}

/** Up to `max` entries. */
export function list<T extends z.ZodType>(item: T, max: number) {
  return z.array(item, { error: "must be a list" }).max(max, { error: `must have at most ${max} entries` });
}

const URL_MAX_BYTES = 2048;

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL: the page a web recording opens. `javascript:`, `file:` and the like are refused. */
export function httpUrl() {
  return text({ maxBytes: URL_MAX_BYTES })
    .refine((v) => !/\s/.test(v), { error: "must not contain whitespace" })
    .refine(
      (v) => {
        const url = parsedUrl(v);
        return url !== undefined && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      },
      { error: "must be an absolute http:// or https:// URL" },
    );
}

// https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams: images must be jpg/png/jpeg, the URL must
// end with the extension and may only use these characters.
const IMAGE_URL_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!&()*+,%=]+$/;

export function imageUrl() {
  return text({ maxBytes: URL_MAX_BYTES })
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

/** An rtmp:// push address (McuPublishCdnParam.PublishCdnUrl accepts rtmp only). */
export function rtmpUrl() {
  return text({ maxBytes: URL_MAX_BYTES })
    .refine((v) => !/\s/.test(v), { error: "must not contain whitespace" })
    .refine((v) => parsedUrl(v)?.protocol === "rtmp:", { error: "must be an rtmp:// URL" });
}

/** A TRTC UserId: at most 32 bytes of letters, digits, underscore and hyphen (what UserSig accepts). */
export function userId() {
  return text({ maxBytes: 32, pattern: /^[A-Za-z0-9_-]+$/, patternHint: "letters, digits, _ and -" });
}

/** `#RRGGBB`. */
export function hexColor() {
  return z.string({ error: "must be a string" }).regex(/^#[0-9A-Fa-f]{6}$/, { error: "must be a #RRGGBB colour" });
}

/** Plain file-name segment or id: letters, digits, underscore and hyphen. */
export function token(maxBytes: number) {
  return text({ maxBytes, pattern: /^[A-Za-z0-9_-]+$/, patternHint: "letters, digits, _ and -" });
}

/** Opaque identifier returned by the service (TaskId): printable, bounded. */
export function opaqueId() {
  return text({ maxBytes: 512 });
}
