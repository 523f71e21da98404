// A CloudRecording's mixed-stream layout as an SVG picture: the canvas in its background colour, the background
// image's place, each picture as a filled box labelled with its user, and the watermarks where the service puts
// them. Pure: a string from the inputs, no I/O. Every piece of text from the inputs is escaped for XML.

import { RENDER_MODE_NAMES } from "../api/schemas/mixLayout";
import {
  type LayoutInputs,
  type LayoutOptions,
  type LayoutPicture,
  layoutPicture,
  type Picture,
  type Rect,
  type Watermark,
} from "./geometry";

// Characters XML 1.0 does not allow at all (controls but tab / LF / CR, U+FFFE / U+FFFF, unpaired surrogates).
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to replace
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text made safe for XML character data and attribute values: markup escaped, characters XML forbids as U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function rectAttributes(r: Rect): string {
  return `x="${n(r.left)}" y="${n(r.top)}" width="${n(Math.max(0, r.width))}" height="${n(Math.max(0, r.height))}"`;
}

/** Only http(s) URLs become links: anything else is drawn as an outline. */
function linkable(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function fileName(url: string): string {
  const path = url.split(/[?#]/)[0] ?? url;
  return path.slice(path.lastIndexOf("/") + 1) || url;
}

const ASPECT = ["none", "xMidYMid slice", "xMidYMid meet", "xMidYMid slice"] as const;

function label(lines: string[], box: Rect, fontSize: number): string {
  const pad = Math.max(2, Math.round(fontSize / 3));
  const tspans = lines
    .map(
      (line, i) =>
        `<tspan x="${n(box.left + pad)}" dy="${i === 0 ? n(fontSize) : n(fontSize * 1.2)}">${escapeXml(line)}</tspan>`,
    )
    .join("");
  return `<text class="label" x="${n(box.left + pad)}" y="${n(box.top + pad)}" font-size="${n(fontSize)}">${tspans}</text>`;
}

function pictureLines(p: Picture): string[] {
  const who =
    p.userId !== undefined ? p.userId : p.role === "big" ? "background (no maxResolutionUserId)" : "next user to join";
  if (p.userId === undefined && p.role === "big") return [who];
  const stream = p.mediaId === 1 ? "screen share" : "camera";
  const details = [stream, RENDER_MODE_NAMES[p.renderMode] ?? `renderMode ${p.renderMode}`];
  if (p.role === "custom") details.push(`layer ${p.layer}`);
  if (p.alpha > 0) details.push(`alpha ${p.alpha}`);
  const lines = [who, details.join(" · ")];
  if (p.placeholderImage) lines.push(`placeholder ${fileName(p.placeholderImage)}`);
  return lines;
}

function pictureElement(p: Picture, i: number): string {
  const fontSize = Math.max(8, Math.min(36, Math.round(Math.min(p.height / 7, p.width / 12))));
  const data = [
    `data-role="${p.role}"`,
    p.userId !== undefined ? `data-user="${escapeXml(p.userId)}"` : "",
    p.index !== undefined ? `data-index="${p.index}"` : "",
    `data-layer="${p.layer}"`,
  ]
    .filter(Boolean)
    .join(" ");
  const fill =
    p.colour !== undefined
      ? `fill="${p.colour}"${p.alpha > 0 ? ` fill-opacity="${n(1 - p.alpha / 255)}"` : ""} stroke="#111111" stroke-width="2"`
      : `fill="none" stroke="#cccccc" stroke-width="2" stroke-dasharray="12 8"`;
  return [
    `<g class="picture" ${data}>`,
    `<clipPath id="clip-${i}"><rect ${rectAttributes(p)}/></clipPath>`,
    `<rect class="box" ${rectAttributes(p)} ${fill}/>`,
    `<g clip-path="url(#clip-${i})">${label(pictureLines(p), p, fontSize)}</g>`,
    `</g>`,
  ].join("");
}

function watermarkElement(w: Watermark, images: "link" | "outline"): string {
  if (w.kind === "image") {
    const fontSize = Math.max(8, Math.min(20, Math.round(w.height / 3)));
    const image =
      images === "link" && linkable(w.url)
        ? `<image href="${escapeXml(w.url)}" ${rectAttributes(w)} preserveAspectRatio="none"/>`
        : "";
    return [
      `<g class="watermark" data-kind="image">`,
      `<rect class="box" ${rectAttributes(w)} fill="#ffffff" fill-opacity="0.25" stroke="#ffffff" stroke-width="2" stroke-dasharray="6 4"/>`,
      image,
      label([`image ${fileName(w.url)}`], w, fontSize),
      `</g>`,
    ].join("");
  }
  if (w.kind === "text") {
    const background =
      w.background !== undefined ? `<rect class="box" ${rectAttributes(w)} fill="${w.background}"/>` : "";
    return [
      `<g class="watermark" data-kind="text">`,
      background,
      `<rect ${rectAttributes(w)} fill="none" stroke="${w.fontColor}" stroke-width="1" stroke-dasharray="4 4"/>`,
      `<text x="${n(w.left)}" y="${n(w.top + w.height / 2)}" dominant-baseline="central" font-size="${n(w.fontSize)}" fill="${w.fontColor}">${escapeXml(w.text)}</text>`,
      `</g>`,
    ].join("");
  }
  return [
    `<g class="watermark" data-kind="timestamp" data-pos="${w.position}">`,
    `<rect class="box" ${rectAttributes(w)} fill="#000000" fill-opacity="0.35" stroke="#ffffff" stroke-width="1" stroke-dasharray="4 4"/>`,
    `<text x="${n(w.left + w.width / 2)}" y="${n(w.top + w.height / 2)}" text-anchor="middle" dominant-baseline="central" font-size="${n(w.fontSize)}" textLength="${n(w.width * 0.9)}" lengthAdjust="spacingAndGlyphs" fill="#ffffff">${escapeXml(w.text)}</text>`,
    `</g>`,
  ].join("");
}

function backgroundElements(picture: LayoutPicture, images: "link" | "outline"): string[] {
  const { width, height } = picture.canvas;
  const out = [
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="${picture.background.colour}"/>`,
  ];
  const image = picture.background.image;
  if (image) {
    const mode = RENDER_MODE_NAMES[image.renderMode] ?? `renderMode ${image.renderMode}`;
    const aspect = ASPECT[image.renderMode] ?? "xMidYMid slice";
    const fontSize = Math.max(10, Math.round(height / 40));
    out.push(
      `<g class="background-image" data-render-mode="${image.renderMode}">`,
      images === "link" && linkable(image.url)
        ? `<image href="${escapeXml(image.url)}" x="0" y="0" width="${width}" height="${height}" preserveAspectRatio="${aspect}"/>`
        : "",
      `<rect x="4" y="4" width="${Math.max(0, width - 8)}" height="${Math.max(0, height - 8)}" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="2" stroke-dasharray="16 10"/>`,
      `<text x="12" y="${height - 12}" font-size="${fontSize}" fill="#ffffff" fill-opacity="0.8">${escapeXml(`background image ${fileName(image.url)} (${mode})`)}</text>`,
      `</g>`,
    );
  }
  return out;
}

function describe(picture: LayoutPicture, title: string): string {
  const lines = [
    `${title}: ${picture.modeName} layout (mixLayoutMode ${picture.mode}) on a ${picture.canvas.width}×${picture.canvas.height} canvas, background ${picture.background.colour}.`,
    ...picture.pictures.map((p) => {
      const who = p.userId ?? (p.role === "big" ? "(background)" : "(next user to join)");
      return `${p.role} picture ${who} at left ${n(p.left)}, top ${n(p.top)}, ${n(p.width)}×${n(p.height)}${p.mediaId === 1 ? ", screen share" : ""}.`;
    }),
    ...picture.watermarks.map(
      (w) => `${w.kind} watermark at left ${n(w.left)}, top ${n(w.top)}, ${n(w.width)}×${n(w.height)}.`,
    ),
    ...picture.notes.map((note) => `Note: ${note}.`),
    ...picture.assumptions.map((a) => `Assumption (not stated by the TRTC documentation): ${a}.`),
    "Reference: https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams",
  ];
  return lines.join("\n");
}

/**
 * A CloudRecording's mixed-stream layout as a standalone SVG document: the canvas of
 * `mixTranscodeParams.videoParams` (360×640 when absent), each picture of `mixLayoutParams` labelled with its user
 * (template modes drawn for `options.users` users), the background colour and image, and the watermarks. Where the
 * TRTC documentation does not settle a placement, the SVG's `<desc>` says what was assumed.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { renderLayoutSvg } from "pulumi-trtc/layout";
 *
 * writeFileSync("layout.svg", renderLayoutSvg({ mixLayoutParams: { mixLayoutMode: 3 } }, { users: 6 }));
 * ```
 */
export function renderLayoutSvg(inputs: LayoutInputs, options: LayoutOptions = {}): string {
  return pictureSvg(layoutPicture(inputs, options), options);
}

/** The SVG document of a computed layout picture (`renderLayoutSvg` without the geometry). */
export function pictureSvg(picture: LayoutPicture, options: Pick<LayoutOptions, "title" | "images"> = {}): string {
  const images = options.images ?? "link";
  const title = options.title ?? "CloudRecording";
  const { width, height } = picture.canvas;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-mode="${picture.mode}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" shape-rendering="crispEdges">`,
    `<title>${escapeXml(`${title}: ${picture.modeName} layout, ${width}×${height}`)}</title>`,
    `<desc>${escapeXml(describe(picture, title))}</desc>`,
    `<style>.label { fill: #ffffff; stroke: #000000; stroke-width: 3px; stroke-opacity: 0.6; paint-order: stroke; }</style>`,
    ...backgroundElements(picture, images),
    ...picture.pictures.map(pictureElement),
    ...picture.watermarks.map((w) => watermarkElement(w, images)),
    `</svg>`,
    "",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}
