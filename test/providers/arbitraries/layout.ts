// Generators of a cloud recording's mixLayoutParams: template and custom layouts, with every picture and watermark
// box inside the canvas (the documented default, or mixTranscodeParams.videoParams), and the site's watermark fonts.

import fc from "fast-check";
import { hexColor, imageUrl, optionalRecord, type Props, type Site, text } from "./fields";

export interface Canvas {
  width: number;
  height: number;
}

/** The documented canvas without mixTranscodeParams.videoParams. */
export const DEFAULT_CANVAS: Canvas = { width: 360, height: 640 };

/** A box (top, left, width, height) inside the canvas, each coordinate within [0, max]. */
function boxInside(
  canvas: Canvas,
  max: number,
): fc.Arbitrary<{ top: number; left: number; width: number; height: number }> {
  const w = Math.min(canvas.width, max);
  const h = Math.min(canvas.height, max);
  return fc.tuple(fc.integer({ min: 0, max: w }), fc.integer({ min: 0, max: h })).chain(([width, height]) =>
    fc.record({
      top: fc.integer({ min: 0, max: h - height }),
      left: fc.integer({ min: 0, max: w - width }),
      width: fc.constant(width),
      height: fc.constant(height),
    }),
  );
}

function mixLayout(canvas: Canvas): fc.Arbitrary<Props> {
  return fc
    .tuple(
      boxInside(canvas, 1920),
      optionalRecord({
        userId: text(64),
        alpha: fc.integer({ min: 0, max: 255 }),
        renderMode: fc.constantFrom(0, 1, 2, 3),
        mediaId: fc.constantFrom(0, 1),
        imageLayer: fc.integer({ min: 0, max: 255 }),
        subBackgroundImage: imageUrl,
      }),
    )
    .map(([box, rest]) => ({ ...box, ...rest }));
}

function waterMark(canvas: Canvas, site: Site): fc.Arbitrary<Props> {
  const font: Record<string, fc.Arbitrary<unknown>> = site === "china"
    ? { font: fc.constantFrom("Tencent", "SourceHanSans") }
    : {};
  const image = fc.tuple(boxInside(canvas, 2560), imageUrl).map(([box, waterMarkUrl]) => ({ waterMarkUrl, ...box }));
  const char = fc
    .tuple(
      boxInside(canvas, 2560),
      text(512),
      optionalRecord({
        fontSize: fc.integer({ min: 1, max: 512 }),
        fontColor: fc.constantFrom("0xFFFFFF", "0x000000", "0xBBCCBB"),
        backGroundColor: fc.constantFrom("0xBBCCBB", "0x101820"),
        ...font,
      }),
    )
    .map(([box, chars, rest]) => ({ ...box, chars, ...rest }));
  const timestamp = optionalRecord(
    // TimeZone is unsigned (api.json uint64); above 14 is valid but warned about.
    { pos: fc.integer({ min: 0, max: 6 }), timeZone: fc.integer({ min: 0, max: 23 }), ...font },
    ["pos"],
  );
  return fc.oneof(
    // waterMarkType omitted means 0, an image.
    image.map((waterMarkImage) => ({ waterMarkImage })),
    image.map((waterMarkImage) => ({ waterMarkType: 0, waterMarkImage })),
    char.map((waterMarkChar) => ({ waterMarkType: 1, waterMarkChar })),
    timestamp.map((waterMarkTimestamp) => ({ waterMarkType: 2, waterMarkTimestamp })),
    // The other objects may be given too; only the one for the type is required, and every box must fit.
    fc
      .tuple(timestamp, image)
      .map(([waterMarkTimestamp, waterMarkImage]) => ({ waterMarkType: 2, waterMarkTimestamp, waterMarkImage })),
  );
}

export function mixLayoutParams(canvas: Canvas, site: Site): fc.Arbitrary<Props> {
  const common = {
    backGroundColor: hexColor,
    maxResolutionUserId: text(64),
    mediaId: fc.constantFrom(0, 1),
    backgroundImageUrl: imageUrl,
    placeHolderMode: fc.constantFrom(0, 1),
    backgroundImageRenderMode: fc.constantFrom(0, 1, 2, 3),
    defaultSubBackgroundImage: imageUrl,
    waterMarkList: fc.array(waterMark(canvas, site), { maxLength: 4 }),
    renderMode: fc.constantFrom(0, 1, 2, 3),
    maxResolutionUserAlign: fc.constantFrom(0, 1),
    pureAudioDisableLayout: fc.boolean(),
  };
  const template = optionalRecord({ mixLayoutMode: fc.constantFrom(1, 2, 3), ...common }, ["mixLayoutMode"]);
  const custom = optionalRecord(
    {
      mixLayoutMode: fc.constant(4),
      mixLayoutList: fc.oneof(
        { arbitrary: fc.array(mixLayout(canvas), { minLength: 1, maxLength: 4 }), weight: 9 },
        { arbitrary: fc.array(mixLayout(canvas), { minLength: 25, maxLength: 25 }), weight: 1 },
      ),
      ...common,
    },
    ["mixLayoutMode", "mixLayoutList"],
  );
  return fc.oneof(template, custom);
}
