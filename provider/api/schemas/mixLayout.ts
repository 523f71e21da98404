// What the schemas, the advisories and the layout picture (`pulumi-trtc/layout`) share about the mixed picture, with
// no zod: the advisories run with the provider and the layout picture is its own entry point, and neither may load
// zod (about 100 ms) for a default size or a name.

import { API_DEFAULTS } from "../defaults";

export interface Canvas {
  width: number;
  height: number;
}

/** The mixed canvas: VideoParams, or the documented defaults (360 × 640) when they are omitted. @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
export function canvasOf(
  mixTranscodeParams: { videoParams?: { width?: number | undefined; height?: number | undefined } } | undefined,
): Canvas {
  const video = mixTranscodeParams?.videoParams;
  return {
    width: video?.width ?? API_DEFAULTS.mixCanvasWidthPx,
    height: video?.height ?? API_DEFAULTS.mixCanvasHeightPx,
  };
}

/** MixLayoutParams.MixLayoutMode → its name. @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
export const MIX_LAYOUT_MODE_NAMES: Readonly<Record<number, string>> = {
  1: "floating",
  2: "screen share",
  3: "nine-grid",
  4: "custom",
};

/** RenderMode (MixLayout, MixLayoutParams) → its name, by index. @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
export const RENDER_MODE_NAMES = ["stretch", "crop", "letterbox", "smart stretch"] as const;
