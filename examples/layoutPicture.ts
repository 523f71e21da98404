// For the demo (`npm run demo`): the layout picture of each CloudRecording in the demo's stack, written where the demo
// says, as `trtc-layout` would write it from `pulumi stack export`.

import { relative } from "node:path";
import { writeLayoutFiles } from "../provider/layout";

/**
 * Writes `<dir>/<resource name>.svg` for each mixed CloudRecording of `stackExport` (a `pulumi stack export`
 * document, parsed or as JSON text; `LocalStack.exportState()` gives one) and prints one line per picture. Images
 * are drawn as outlines: the demo's image URLs are placeholders that load nothing. Returns the files written.
 */
export function writeLayoutPictures(
  stackExport: unknown,
  dir: string,
  log: (line: string) => void = console.log,
): string[] {
  const result = writeLayoutFiles(stackExport, dir, { images: "outline" });
  for (const { file, recording, summary } of result.written) {
    log(`  layout picture of ${recording.name}: ${relative(process.cwd(), file) || file} (${summary})`);
  }
  for (const { recording, reason } of result.skipped) log(`  no layout picture for ${recording.name}: ${reason}`);
  return result.written.map((w) => w.file);
}
