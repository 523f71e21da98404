// One SVG file per CloudRecording of a stack export or preview: what `trtc-layout` and the demo write.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type LayoutInputs, type LayoutOptions, layoutPicture } from "./geometry";
import { type RecordingInState, recordingsIn } from "./stackFile";
import { pictureSvg } from "./svg";

export interface WrittenLayout {
  recording: RecordingInState;
  file: string;
  /** One line: mode, canvas, pictures, watermarks. */
  summary: string;
}

export interface LayoutFiles {
  kind: "stack export" | "preview";
  written: WrittenLayout[];
  /** Recordings with no mixed picture, and why. */
  skipped: Array<{ recording: RecordingInState; reason: string }>;
}

/** A file name from a resource name: letters, digits, `.`, `_` and `-`; never empty, never a dot file. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return cleaned === "" ? "recording" : cleaned.slice(0, 120);
}

function skipReason(values: Record<string, unknown>): string | undefined {
  const record = values.recordParams as { recordMode?: unknown; streamType?: unknown } | undefined;
  if (record?.recordMode === 1) return "single-stream recording (recordMode 1): each user is recorded on their own";
  if (record?.streamType === 1) return "audio-only recording (streamType 1): no picture";
  return undefined;
}

/**
 * Renders every mixed CloudRecording of `document` (a parsed `pulumi stack export` or `pulumi preview --json`, or
 * its JSON text) to `<dir>/<resource name>.svg`, creating `dir`. Single-stream and audio-only recordings have no
 * mixed picture and are listed as skipped.
 */
export function writeLayoutFiles(
  document: unknown,
  dir: string,
  options: Omit<LayoutOptions, "title"> = {},
): LayoutFiles {
  const parsed = typeof document === "string" ? JSON.parse(document) : document;
  const { kind, recordings } = recordingsIn(parsed);
  const result: LayoutFiles = { kind, written: [], skipped: [] };
  const taken = new Set<string>();
  for (const recording of recordings) {
    const reason = skipReason(recording.values);
    if (reason) {
      result.skipped.push({ recording, reason });
      continue;
    }
    const base = safeFileName(recording.name);
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    taken.add(name.toLowerCase());
    const picture = layoutPicture(recording.values as LayoutInputs, options);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.svg`);
    writeFileSync(file, pictureSvg(picture, { ...options, title: recording.name }));
    const summary = `${picture.modeName} layout, ${picture.canvas.width}×${picture.canvas.height}, ${picture.pictures.length} picture(s), ${picture.watermarks.length} watermark(s)`;
    result.written.push({ recording, file, summary });
  }
  return result;
}
