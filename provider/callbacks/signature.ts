// The `Sign` header of TRTC's event callbacks: base64(HMAC-SHA256(key, body)) over the raw request body, with the
// callback key configured in the TRTC console ("Calculating a Signature",
// https://www.tencentcloud.com/document/product/647/54914). The body must be the bytes received, not a re-serialised
// JSON value: any change of whitespace or key order changes the signature.

import { createHmac, timingSafeEqual } from "node:crypto";

/** The raw body as received: the exact bytes, or a string that is their UTF-8 decoding. */
export type RawBody = string | Uint8Array;

/** The `Sign` value TRTC computes for `body` with `key`. */
export function callbackSignature(body: RawBody, key: string): string {
  return createHmac("sha256", key).update(body).digest("base64");
}

/**
 * Whether `sign` is the signature of `body` under `key`. The comparison takes the same time wherever the first
 * difference is (`crypto.timingSafeEqual`), so a forger learns nothing from response times; only the length, which
 * is public (44 base64 characters), can end it early.
 */
export function verifyCallbackSignature(body: RawBody, sign: string | undefined | null, key: string): boolean {
  if (typeof key !== "string" || key === "") throw new TypeError("the callback key must be a non-empty string");
  if (typeof sign !== "string" || sign === "") return false;
  const expected = Buffer.from(callbackSignature(body, key), "utf8");
  // The canonical base64 text is compared, not the decoded bytes: Buffer's base64 decoder skips characters it does
  // not know, so a decoded comparison would accept altered headers.
  const given = Buffer.from(sign.trim(), "utf8");
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
