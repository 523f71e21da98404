// Where each picture, the background and each watermark of a CloudRecording's mixed stream go on the canvas: the
// geometry the SVG renderer draws. Pure; reads the resource's camelCase inputs defensively, because they may come
// from a stack export or a preview (secrets shown as "[secret]", values not known until apply).
//
// What the documentation settles (MixLayoutParams, https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams):
// - floating (1): the first anchor, or `maxResolutionUserId`, fills the canvas; the others are small pictures over
//   it, left to right from the bottom of the canvas in join order, 4 a row while there are at most 17 pictures,
//   5 a row above that, at most 25 pictures;
// - screen share (2): `maxResolutionUserId` large on the left (`maxResolutionUserAlign` 1: on the right; none given:
//   the canvas background there); the others top to bottom on the other side in at most two columns of 8 while
//   there are at most 17 pictures; beyond 17 the extra pictures go along the bottom from left to right; at most 25;
// - nine-grid (3): every picture the same size, scaled to the number of anchors, at most 25; the default mode;
// - custom (4): `mixLayoutList` boxes in pixels, `imageLayer` the z-order (smaller is further back);
// - a user who publishes only audio still takes a picture unless `pureAudioDisableLayout` is true.
// Sizes the documentation does not give are ASSUMPTIONS, each named in `ASSUMPTIONS` below and repeated in the
// picture's description.

import type { MixLayoutParams, MixTranscodeParams, RecordParams } from "../api/schemas/cloudRecording";
import { canvasOf, MIX_LAYOUT_MODE_NAMES } from "../api/schemas/mixLayout";
import { SECRET_TEXT } from "./stackFile";

/** The part of a CloudRecording's inputs a layout picture reads. `CloudRecordingInputs` fits it. */
export interface LayoutInputs {
  mixLayoutParams?: MixLayoutParams | undefined;
  mixTranscodeParams?: MixTranscodeParams | undefined;
  recordParams?: Partial<RecordParams> | undefined;
}

export interface LayoutOptions {
  /**
   * The users in the room, for the template modes (floating, screen share, nine-grid): a number, or their UserIds
   * in join order. Default: the literal UserIds of `recordParams.subscribeStreamUserIds.subscribeVideoUserIds`,
   * else 4 users.
   */
  users?: number | string[];
  /** A title for the picture (e.g. the resource name). */
  title?: string;
  /**
   * `"link"` (default): background and watermark images are `<image>` elements pointing at their URLs (a viewer
   * that loads them shows them); `"outline"`: only their outlines, so opening the picture fetches nothing.
   */
  images?: "link" | "outline";
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Picture extends Rect {
  /** The user shown; undefined for a custom box without `userId` (filled in join order) or an empty large slot. */
  userId?: string;
  /** `big` (floating / screen-share large picture), `small`, `grid` (nine-grid) or `custom` (mixLayoutList). */
  role: "big" | "small" | "grid" | "custom";
  /** Main stream (0) or auxiliary, i.e. screen share (1). */
  mediaId: number;
  /** 0 stretch, 1 crop, 2 letterbox, 3 smart stretch. */
  renderMode: number;
  /** z-order: smaller is further back. */
  layer: number;
  /** 0 opaque – 255 transparent (MixLayout.Alpha). */
  alpha: number;
  /** Fill colour, `#rrggbb`; undefined for an empty slot (the canvas shows through). */
  colour?: string;
  /** Placeholder image shown while the user sends no video (custom mode). */
  placeholderImage?: string;
  /** Index in `mixLayoutList` (custom mode). */
  index?: number;
}

export type Watermark =
  | (Rect & { kind: "image"; url: string })
  | (Rect & { kind: "text"; text: string; fontSize: number; fontColor: string; background?: string })
  | (Rect & { kind: "timestamp"; text: string; fontSize: number; position: number; timeZone: number });

export interface LayoutPicture {
  mode: 1 | 2 | 3 | 4;
  modeName: string;
  canvas: { width: number; height: number };
  background: { colour: string; image?: { url: string; renderMode: number } };
  /** Back to front. */
  pictures: Picture[];
  watermarks: Watermark[];
  /** Users drawn by a template mode, in join order. */
  users: string[];
  /** What the picture shows or leaves out, in words. */
  notes: string[];
  /** Placements the documentation does not settle, as drawn here. */
  assumptions: string[];
}

/** At most 25 pictures in every mode (MixLayoutParams). */
export const MAX_PICTURES = 25;
/** Users drawn for a template mode when neither `users` nor a literal video allowlist says how many (ASSUMPTION). */
export const DEFAULT_USERS = 4;

/** Distinct mid-tone fills, legible under white labels, none of them black or white. */
export const PALETTE = [
  "#e4572e",
  "#2e86ab",
  "#f3a712",
  "#3bb273",
  "#8e5572",
  "#7768ae",
  "#c5283d",
  "#669bbc",
  "#a8c686",
  "#e1bc29",
  "#4d9078",
  "#b5651d",
] as const;

export const ASSUMPTIONS = {
  floatingSize:
    "floating: each small picture is 1/5 of the canvas width and height (1/6 with 5 a row), edge to edge from the bottom-left corner; the documentation gives no size",
  gridShape:
    "nine-grid: n pictures in ceil(sqrt(n)) columns and as many rows as needed, filled left to right, top to bottom, the last row from the left; the documentation only says every picture is the same size",
  screenShareSize:
    "screen share: small pictures are 1/8 of the canvas width and height (1/9 beyond 17 pictures), the first column at the canvas edge, the large picture takes the rest; the documentation gives no size",
  defaultUsers: `template modes: ${DEFAULT_USERS} users drawn (no users given and no literal video allowlist)`,
  backgroundRenderMode:
    "background image: crop when backgroundImageRenderMode is not set (MixLayout.RenderMode's default); smart stretch drawn as crop",
  timestampBox:
    "timestamp watermark: drawn as sample text about 1/30 of the canvas height, half a character from the edges; the documentation gives neither size nor margin",
  textPlacement: "text watermark: text left-aligned and vertically centred in its box",
  watermarksOnTop: "watermarks drawn above every picture",
} as const;

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A box's `left`, `top`, `width` and `height` in pixels, 0 where one is missing. */
function rectOf(box: Obj): Rect {
  return { left: num(box.left) ?? 0, top: num(box.top) ?? 0, width: num(box.width) ?? 0, height: num(box.height) ?? 0 };
}

/** `#RRGGBB`, `0xRRGGBB` or `RRGGBB` as `#rrggbb`; undefined otherwise. */
export function parseColour(value: unknown): string | undefined {
  const match = typeof value === "string" ? /^(?:#|0x)?([0-9a-f]{6})$/i.exec(value.trim()) : null;
  return match ? `#${match[1]?.toLowerCase()}` : undefined;
}

/** Splits `total` pixels into `parts` integer spans that tile exactly: the start and size of span `i`. */
function span(total: number, parts: number, i: number): [number, number] {
  const start = Math.round((i * total) / parts);
  return [start, Math.round(((i + 1) * total) / parts) - start];
}

/** The users of a template mode, in join order. */
function templateUsers(
  options: LayoutOptions,
  recordParams: Obj | undefined,
  bigUser: string | undefined,
  assumptions: Set<string>,
): string[] {
  if (Array.isArray(options.users)) return options.users.map(String);
  let count = typeof options.users === "number" ? Math.max(0, Math.floor(options.users)) : undefined;
  if (count === undefined) {
    const allow = obj(recordParams?.subscribeStreamUserIds)?.subscribeVideoUserIds;
    const literal = Array.isArray(allow) ? allow.filter((u): u is string => typeof u === "string") : [];
    // A `.*$` suffix matches a prefix: such a list does not say who is in the room.
    if (literal.length > 0 && literal.every((u) => !u.endsWith(".*$") && u !== SECRET_TEXT)) return literal;
    count = DEFAULT_USERS;
    assumptions.add(ASSUMPTIONS.defaultUsers);
  }
  const users: string[] = bigUser !== undefined && count > 0 ? [bigUser] : [];
  for (let i = 1; users.length < count; i++) users.push(`user${i}`);
  return users;
}

function colourOf(i: number): string {
  return PALETTE[i % PALETTE.length] ?? "#888888";
}

/** What every picture of a template mode shares; each sets its role, rectangle and layer. */
type PictureBase = Omit<Picture, "role" | keyof Rect | "layer">;

/** The `i`-th small picture of a floating or screen-share layout: a main stream, coloured after the large one. */
function smallPicture(base: PictureBase, userId: string, rect: Rect, layer: number, i: number): Picture {
  return { ...base, role: "small", userId, mediaId: 0, ...rect, layer, colour: colourOf(i + 1) };
}

function floating(canvas: Rect, users: string[], bigUser: string | undefined, base: PictureBase) {
  const big = bigUser ?? users[0];
  const small = users.filter((u, i) => (bigUser !== undefined ? u !== bigUser : i !== 0));
  const pictures: Picture[] = [];
  if (big !== undefined) {
    pictures.push({ ...base, ...canvas, role: "big", userId: big, layer: 0, colour: colourOf(0) });
  }
  const shown = small.slice(0, MAX_PICTURES - 1);
  const total = 1 + shown.length;
  const perRow = total <= 17 ? 4 : 5;
  shown.forEach((userId, i) => {
    const row = Math.floor(i / perRow);
    const [left, width] = span(canvas.width, perRow + 1, i % perRow);
    const [fromBottom, height] = span(canvas.height, perRow + 1, row);
    pictures.push(smallPicture(base, userId, { left, top: canvas.height - fromBottom - height, width, height }, 1, i));
  });
  return { pictures, hidden: small.length - shown.length };
}

function screenShare(
  canvas: Rect,
  users: string[],
  bigUser: string | undefined,
  alignRight: boolean,
  base: PictureBase,
) {
  const small = users.filter((u) => u !== bigUser);
  const shown = small.slice(0, MAX_PICTURES - 1);
  const total = 1 + shown.length;
  const units = total <= 17 ? 8 : 9;
  const columns = shown.length === 0 ? 0 : shown.length <= 8 ? 1 : 2;
  const pictures: Picture[] = [];
  // Column c (0 at the canvas edge) spans unit `units - 1 - c` from the left, or unit c when the big one is right.
  const columnUnit = (c: number) => (alignRight ? c : units - 1 - c);
  const bottomRow = shown.length > 16;
  const [bigLeft] = span(canvas.width, units, alignRight ? columns : 0);
  const [bigRightEdge] = span(canvas.width, units, alignRight ? units : units - columns);
  const [bottomTop] = span(canvas.height, units, units - 1);
  pictures.push({
    ...base,
    role: "big",
    userId: bigUser,
    left: columns === 0 ? 0 : bigLeft,
    top: 0,
    width: columns === 0 ? canvas.width : bigRightEdge - bigLeft,
    height: bottomRow ? bottomTop : canvas.height,
    layer: 0,
    colour: bigUser === undefined ? undefined : colourOf(0),
  });
  shown.forEach((userId, i) => {
    let left: number;
    let width: number;
    let top: number;
    let height: number;
    if (i < 16) {
      [left, width] = span(canvas.width, units, columnUnit(Math.floor(i / 8)));
      [top, height] = span(canvas.height, units, i % 8);
    } else {
      [left, width] = span(canvas.width, units, i - 16);
      [top, height] = span(canvas.height, units, units - 1);
    }
    pictures.push(smallPicture(base, userId, { left, top, width, height }, 0, i));
  });
  return { pictures, hidden: small.length - shown.length };
}

function nineGrid(canvas: Rect, users: string[], base: PictureBase) {
  const shown = users.slice(0, MAX_PICTURES);
  const n = shown.length;
  const columns = Math.ceil(Math.sqrt(n));
  const rows = n === 0 ? 0 : Math.ceil(n / columns);
  const pictures: Picture[] = shown.map((userId, i) => {
    const [left, width] = span(canvas.width, columns, i % columns);
    const [top, height] = span(canvas.height, rows, Math.floor(i / columns));
    return { ...base, role: "grid", userId, left, top, width, height, layer: 0, colour: colourOf(i) };
  });
  return { pictures, hidden: users.length - shown.length };
}

function custom(list: unknown[], defaultPlaceholder: string | undefined): Picture[] {
  const pictures: Picture[] = [];
  list.forEach((entry, index) => {
    const box = obj(entry);
    if (!box) return;
    const placeholder = str(box.subBackgroundImage) ?? defaultPlaceholder;
    pictures.push({
      role: "custom",
      index,
      userId: str(box.userId),
      ...rectOf(box),
      mediaId: num(box.mediaId) ?? 0,
      renderMode: num(box.renderMode) ?? 1,
      layer: num(box.imageLayer) ?? 0,
      alpha: num(box.alpha) ?? 0,
      colour: colourOf(index),
      ...(placeholder !== undefined ? { placeholderImage: placeholder } : {}),
    });
  });
  // Stable: equal layers keep their list order, later entries in front.
  return pictures.sort((a, b) => a.layer - b.layer);
}

const TIMESTAMP_SAMPLE = "YYYY-MM-DD hh:mm:ss";

function timestampBox(canvas: Rect, position: number, timeZone: number): Watermark {
  const fontSize = Math.max(12, Math.round(canvas.height / 30));
  const zone = `UTC${timeZone >= 0 ? "+" : "-"}${Math.abs(timeZone)}`;
  const text = `${TIMESTAMP_SAMPLE} ${zone}`;
  const width = Math.min(canvas.width, Math.ceil(0.6 * fontSize * text.length));
  const height = Math.min(canvas.height, Math.round(fontSize * 1.5));
  const margin = Math.round(fontSize / 2);
  const x = { start: margin, centre: Math.round((canvas.width - width) / 2), end: canvas.width - width - margin };
  const y = { start: margin, centre: Math.round((canvas.height - height) / 2), end: canvas.height - height - margin };
  // WaterMarkTimestamp.Pos: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right, 4 top-centre, 5 bottom-centre, 6 centre.
  const places: Array<[number, number]> = [
    [x.start, y.start],
    [x.end, y.start],
    [x.start, y.end],
    [x.end, y.end],
    [x.centre, y.start],
    [x.centre, y.end],
    [x.centre, y.centre],
  ];
  const [left, top] = places[position] ?? places[0] ?? [0, 0];
  return { kind: "timestamp", text, fontSize, position, timeZone, left, top, width, height };
}

/** WaterMark.WaterMarkType → the parameter object that type reads, and the type's name in notes. */
const WATERMARK_PARAMS: Record<number, { field: string; name: string }> = {
  0: { field: "waterMarkImage", name: "image" },
  1: { field: "waterMarkChar", name: "text" },
  2: { field: "waterMarkTimestamp", name: "timestamp" },
};

function watermarks(list: unknown[], canvas: Rect, assumptions: Set<string>, notes: string[]): Watermark[] {
  const marks: Watermark[] = [];
  list.forEach((entry, i) => {
    const mark = obj(entry);
    if (!mark) return;
    const type = num(mark.waterMarkType) ?? 0;
    const kind = WATERMARK_PARAMS[type];
    if (!kind) return;
    const params = obj(mark[kind.field]);
    if (!params) {
      notes.push(`watermark ${i}: ${kind.name} type without ${kind.field}, not drawn`);
      return;
    }
    if (type === 0) {
      marks.push({ kind: "image", url: str(params.waterMarkUrl) ?? "", ...rectOf(params) });
    } else if (type === 1) {
      assumptions.add(ASSUMPTIONS.textPlacement);
      const background = parseColour(params.backGroundColor);
      marks.push({
        kind: "text",
        text: str(params.chars) ?? "",
        // WaterMarkChar: FontSize default 14 px, FontColor default white, BackGroundColor default transparent.
        fontSize: num(params.fontSize) ?? 14,
        fontColor: parseColour(params.fontColor) ?? "#ffffff",
        ...(background !== undefined ? { background } : {}),
        ...rectOf(params),
      });
    } else {
      assumptions.add(ASSUMPTIONS.timestampBox);
      // WaterMarkTimestamp.TimeZone defaults to UTC+8.
      marks.push(timestampBox(canvas, num(params.pos) ?? 0, num(params.timeZone) ?? 8));
    }
  });
  if (marks.length > 0) assumptions.add(ASSUMPTIONS.watermarksOnTop);
  return marks;
}

/** The geometry of a CloudRecording's mixed-stream layout. */
export function layoutPicture(inputs: LayoutInputs, options: LayoutOptions = {}): LayoutPicture {
  const source = inputs as unknown as Obj;
  const notes: string[] = [];
  const assumptions = new Set<string>();
  const record = obj(source.recordParams);
  if (num(record?.recordMode) === 1) {
    notes.push("single-stream recording (recordMode 1): each user is recorded on their own; no mixed picture is made");
  }
  if (num(record?.streamType) === 1) notes.push("audio-only recording (streamType 1): no picture is recorded");

  const transcode = obj(source.mixTranscodeParams);
  const video = obj(transcode?.videoParams);
  const width = num(video?.width);
  const height = num(video?.height);
  const canvas = canvasOf(width !== undefined && height !== undefined ? { videoParams: { width, height } } : undefined);
  if (width === undefined || height === undefined) {
    notes.push(`canvas ${canvas.width}×${canvas.height}: the service's size when videoParams is not set`);
  }
  const canvasRect: Rect = { left: 0, top: 0, ...canvas };

  let layout = obj(source.mixLayoutParams);
  if (source.mixLayoutParams !== undefined && !layout) {
    notes.push(`mixLayoutParams is ${JSON.stringify(source.mixLayoutParams)}: drawn as the default layout`);
    layout = undefined;
  }
  const rawMode = num(layout?.mixLayoutMode);
  // MixLayoutMode 3 (nine-grid) is the service's default.
  const mode = rawMode === 1 || rawMode === 2 || rawMode === 4 ? rawMode : 3;
  if (rawMode === undefined) notes.push("no mixLayoutMode: the service's default, nine-grid");

  const background: LayoutPicture["background"] = { colour: parseColour(layout?.backGroundColor) ?? "#000000" };
  const backgroundUrl = str(layout?.backgroundImageUrl);
  if (backgroundUrl) {
    const renderMode = num(layout?.backgroundImageRenderMode);
    if (renderMode === undefined || renderMode === 3) assumptions.add(ASSUMPTIONS.backgroundRenderMode);
    background.image = { url: backgroundUrl, renderMode: renderMode ?? 1 };
  }

  let pictures: Picture[] = [];
  let users: string[] = [];
  let hidden = 0;
  if (mode === 4) {
    const list = Array.isArray(layout?.mixLayoutList) ? layout.mixLayoutList : [];
    const placeholder = num(layout?.placeHolderMode) === 1 ? str(layout?.defaultSubBackgroundImage) : undefined;
    pictures = custom(list, placeholder);
    if (pictures.length === 0) notes.push("custom layout without mixLayoutList entries: nothing to place");
  } else {
    const bigUser = mode === 3 ? undefined : str(layout?.maxResolutionUserId);
    users = templateUsers(options, record, bigUser, assumptions);
    const base = { mediaId: 0, renderMode: num(layout?.renderMode) ?? 1, alpha: 0 };
    const bigMedia = num(layout?.mediaId) ?? 0;
    let result: { pictures: Picture[]; hidden: number };
    if (mode === 1) {
      result = floating(canvasRect, users, bigUser, base);
      assumptions.add(ASSUMPTIONS.floatingSize);
    } else if (mode === 2) {
      result = screenShare(canvasRect, users, bigUser, num(layout?.maxResolutionUserAlign) === 1, base);
      assumptions.add(ASSUMPTIONS.screenShareSize);
      if (bigUser === undefined)
        notes.push("screen share without maxResolutionUserId: the large area shows the background");
    } else {
      result = nineGrid(canvasRect, users, base);
      if (users.length > 1) assumptions.add(ASSUMPTIONS.gridShape);
    }
    pictures = result.pictures.map((p) => (p.role === "big" ? { ...p, mediaId: bigMedia } : p));
    hidden = result.hidden;
    notes.push(
      layout?.pureAudioDisableLayout === true
        ? "users who publish only audio take no picture (pureAudioDisableLayout)"
        : "a user who publishes only audio still takes a picture",
    );
  }
  if (hidden > 0) notes.push(`${hidden} more user(s) not shown: at most ${MAX_PICTURES} pictures`);

  const marks = watermarks(
    Array.isArray(layout?.waterMarkList) ? layout.waterMarkList : [],
    canvasRect,
    assumptions,
    notes,
  );
  return {
    mode,
    modeName: MIX_LAYOUT_MODE_NAMES[mode],
    canvas,
    background,
    pictures,
    watermarks: marks,
    users,
    notes,
    assumptions: [...assumptions],
  };
}
