// Pictures of a CloudRecording's mixed-stream layout: the geometry, the SVG, and the files `trtc-layout` writes.
// Imported as `pulumi-trtc/layout`; nothing here loads Pulumi, zod or the providers (test/api/imports.unit.test.ts).

export { type LayoutFiles, safeFileName, type WrittenLayout, writeLayoutFiles } from "./files";
export {
  ASSUMPTIONS,
  type LayoutInputs,
  type LayoutOptions,
  type LayoutPicture,
  layoutPicture,
  type Picture,
  parseColour,
  type Rect,
  type Watermark,
} from "./geometry";
export { CLOUD_RECORDING_TYPE, type RecordingInState, recordingsIn, type StateDocument } from "./stackFile";
export { escapeXml, renderLayoutSvg } from "./svg";
