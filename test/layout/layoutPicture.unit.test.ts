// The demo's hook (examples/layoutPicture.ts): a stack export in, one picture per CloudRecording out, one line
// printed for each, and no image URL linked (the demo runs offline with placeholder URLs).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { writeLayoutPictures } from "../../examples/layoutPicture";
import { fixture } from "./stackFixtures";
import { boxesOf } from "./svgParts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("writes each CloudRecording's picture from a parsed or textual stack export and prints where", () => {
  const dir = mkdtempSync(join(tmpdir(), "trtc-demo-layout-"));
  dirs.push(dir);
  const lines: string[] = [];
  const files = writeLayoutPictures(fixture("quickstart.stack-export.json"), join(dir, "layouts"), (l) =>
    lines.push(l),
  );
  expect(files).toEqual([join(dir, "layouts", "classroom.svg")]);
  expect(lines).toEqual([
    expect.stringMatching(
      /^ {2}layout picture of classroom: .*classroom\.svg \(nine-grid layout, 1280×720, 4 picture\(s\), 0 watermark\(s\)\)$/,
    ),
  ]);
  expect(boxesOf(readFileSync(files[0] ?? "", "utf8"))).toHaveLength(4);

  const text = JSON.stringify(fixture("custom-layout.stack-export.json"));
  const [webinar] = writeLayoutPictures(text, join(dir, "layouts"), () => {});
  const svg = readFileSync(webinar ?? "", "utf8");
  expect(svg).toContain("image logo.png");
  expect(svg).not.toContain("<image ");
});
