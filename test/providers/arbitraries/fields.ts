// Generators of the fields both resources share: the shapes of the schemas' strings (printable text counted in UTF-8
// bytes, tokens, image, page and RTMP URLs, colours), optional keys, regions per site and action, and the
// pulumi-trtc inputs of both resources. The rules themselves live in provider/api/schemas.

import fc from "fast-check";
import type { ActionName } from "../../../provider/api/actions";
import { regionsFor } from "../../../provider/api/regions";

export type Props = Record<string, unknown>;
export type Site = "intl" | "china";
export const SITES: readonly Site[] = ["intl", "china"];
export type Kind = "cloud" | "web";

/** C0 controls and DEL: what the schemas refuse in every string (header and log injection). */
export function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
const TOKEN_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"];
const ASCII_PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** Printable text (any script, emoji) of 1..maxBytes UTF-8 bytes: no control characters. */
export function text(maxBytes: number): fc.Arbitrary<string> {
  const short = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: Math.min(maxBytes, 24) })
    .filter((s) => s.length > 0 && !hasControl(s) && Buffer.byteLength(s) <= maxBytes);
  // Right at the limit too, where an off-by-one between characters and bytes would show.
  const atLimit = fc
    .array(fc.constantFrom(...ASCII_PRINTABLE), { minLength: Math.max(1, maxBytes - 2), maxLength: maxBytes })
    .map((chars) => chars.join(""));
  return fc.oneof({ arbitrary: short, weight: 9 }, { arbitrary: atLimit, weight: 1 });
}

/** Letters, digits, `_` and `-`, 1..maxBytes. */
export function token(maxBytes: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: Math.min(maxBytes, 16) }).chain((chars) =>
    fc.oneof(
      fc.constant(chars.join("")),
      fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: maxBytes, maxLength: maxBytes }).map((c) => c.join("")),
    ),
  );
}

const hostName = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), { minLength: 1, maxLength: 3 })
  .map((labels) => `${labels.join(".")}.example`);

/** An http(s) image URL ending in .jpg, .jpeg or .png, within the documented characters. */
export const imageUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("http", "https"),
    hostName,
    fc.array(token(12), { maxLength: 3 }),
    token(12),
    fc.constantFrom("jpg", "jpeg", "png", "PNG", "JPG"),
    fc.constantFrom("", "?v=1", "?size=large&x=(1)"),
  )
  .map(([scheme, host, dirs, file, ext, query]) => `${scheme}://${host}/${[...dirs, file].join("/")}.${ext}${query}`);

/** Any absolute http(s) page URL. */
export const pageUrl: fc.Arbitrary<string> = fc
  .webUrl({ withQueryParameters: true, withFragments: true })
  .filter((u) => !/\s/.test(u) && !hasControl(u) && Buffer.byteLength(u) <= 2048);

export const rtmpUrl: fc.Arbitrary<string> = fc
  .tuple(hostName, token(20), fc.stringMatching(/^[0-9a-f]{8,32}$/))
  .map(([host, stream, key]) => `rtmp://${host}/live/${stream}?txSecret=${key}&txTime=65F0A000`);

export const hexColor: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffff }), fc.boolean())
  .map(([n, upper]) => {
    const hex = n.toString(16).padStart(6, "0");
    return `#${upper ? hex.toUpperCase() : hex}`;
  });

/** Optional keys: each present or absent, never `undefined`. */
export function optionalRecord<T extends Record<string, fc.Arbitrary<unknown>>>(
  model: T,
  required: Array<keyof T & string> = [],
): fc.Arbitrary<Props> {
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Props>;
}

/** A region the action is offered in on the site. */
export function region(site: Site, action: ActionName): fc.Arbitrary<string> {
  return fc.constantFrom(...regionsFor(site, action));
}

/** The pulumi-trtc inputs of both resources (not API parameters). */
export const extras = {
  whenEnded: fc.constantFrom("recreate", "keep"),
  adoptTaskId: text(512),
};
