// `trtc-layout` on real stack exports and previews (stackFixtures.ts): one SVG per mixed CloudRecording, named after
// the resource, in the output directory; single-stream recordings skipped with the reason; bad input and usage
// refused with exit codes 1 and 2. Run in-process, and once as the built command from package.json's "bin".

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CommandIo, runLayoutCommand } from "../../provider/layout/command";
import { FIXTURES, type FixtureName, fixture } from "./stackFixtures";
import { boxesOf } from "./svgParts";

const REPO = join(__dirname, "..", "..");
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "trtc-layout-test-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command with `stdin` as standard input and FILE arguments read from the fixtures directory. */
function run(argv: string[], stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    read: (file) => (file === "-" ? stdin : readFileSync(file, "utf8")),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  };
  const code = runLayoutCommand(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}

const fixturePath = (name: FixtureName) => join(FIXTURES, name);

describe("trtc-layout", () => {
  it("writes one SVG per CloudRecording of a stack export, named after the resource", () => {
    const result = run(["--out", dir, fixturePath("custom-layout.stack-export.json")]);
    expect(result).toEqual({
      code: 0,
      out: `${join(dir, "webinar.svg")}  webinar: custom layout, 1920×1080, 2 picture(s), 3 watermark(s)\n`,
      err: "",
    });
    expect(readdirSync(dir)).toEqual(["webinar.svg"]);
    const svg = readFileSync(join(dir, "webinar.svg"), "utf8");
    expect(boxesOf(svg).map((b) => [b.user, b.x, b.width])).toEqual([
      ["teacher", 0, 960],
      ["teacher", 960, 960],
    ]);
    expect(svg).toContain("<title>webinar: custom layout, 1920×1080</title>");
  });

  it("draws only the CloudRecordings of a stack that has other resources, for --users users", () => {
    const result = run(["--out", dir, "--users", "9", fixturePath("quickstart.stack-export.json")]);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      `${join(dir, "classroom.svg")}  classroom: nine-grid layout, 1280×720, 9 picture(s), 0 watermark(s)\n`,
    );
    expect(readdirSync(dir)).toEqual(["classroom.svg"]);
    expect(boxesOf(readFileSync(join(dir, "classroom.svg"), "utf8"))).toHaveLength(9);
  });

  it("reads a preview from standard input and says which operation it shows", () => {
    const preview = readFileSync(fixturePath("custom-layout.preview-update.json"), "utf8");
    const result = run(["--out", dir], preview);
    expect(result.code).toBe(0);
    expect(result.out).toContain("webinar: custom layout, 1920×1080, 2 picture(s), 3 watermark(s) (preview: update)");
    // The update's new layout: the screen share over the whole canvas, the camera inset in front.
    const boxes = boxesOf(readFileSync(join(dir, "webinar.svg"), "utf8"));
    expect(boxes.map((b) => [b.x, b.y, b.width, b.height, b.layer])).toEqual([
      [0, 0, 1920, 1080, 0],
      [1500, 760, 400, 300, 1],
    ]);
  });

  it("links no image with --no-images", () => {
    expect(run(["--out", dir, fixturePath("custom-layout.stack-export.json")]).code).toBe(0);
    expect(readFileSync(join(dir, "webinar.svg"), "utf8")).toContain("<image ");
    expect(run(["--no-images", "--out", dir, fixturePath("custom-layout.stack-export.json")]).code).toBe(0);
    expect(readFileSync(join(dir, "webinar.svg"), "utf8")).not.toContain("<image ");
  });

  it("skips single-stream recordings with the reason and keeps same-named ones apart", () => {
    const state = fixture("custom-layout.stack-export.json");
    const resources = state.deployment.resources as Array<{
      type: string;
      urn: string;
      outputs: Record<string, unknown>;
    }>;
    const webinar = resources.find((r) => r.type.endsWith("CloudRecording"));
    if (!webinar) throw new Error("fixture without a CloudRecording");
    const child = (name: string, recordMode: number) => ({
      ...webinar,
      urn: `${webinar.urn.replace(/::webinar$/, "")}$pulumi-nodejs:dynamic/trtc:CloudRecording::${name}`,
      outputs: { ...webinar.outputs, recordParams: { recordMode } },
    });
    resources.push(child("webinar", 2), child("per-user", 1), child("../escape me", 2));
    const result = run(["--out", dir], JSON.stringify(state));
    expect(result.code).toBe(0);
    expect(result.out.split("\n").filter(Boolean)).toEqual([
      expect.stringContaining(`${join(dir, "webinar.svg")}  webinar:`),
      expect.stringContaining(`${join(dir, "webinar-2.svg")}  webinar:`),
      expect.stringContaining(`${join(dir, "__escape_me.svg")}  ../escape me:`),
      "skipped per-user: single-stream recording (recordMode 1): each user is recorded on their own",
    ]);
    expect(readdirSync(dir).sort()).toEqual(["__escape_me.svg", "webinar-2.svg", "webinar.svg"]);
  });

  it("says so when there is no CloudRecording", () => {
    const result = run(["--out", dir], JSON.stringify({ version: 3, deployment: { resources: [] } }));
    expect(result).toEqual({ code: 0, out: "no CloudRecording in this stack export\n", err: "" });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it("refuses input that is not a stack export or preview, with exit code 1", () => {
    expect(run(["--out", dir], "{not json")).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^trtc-layout: cannot read standard input as JSON: /),
    });
    expect(run(["--out", dir], '{"outputs": {}}')).toEqual({
      code: 1,
      out: "",
      err: "trtc-layout: standard input: not a stack export (`pulumi stack export`, with a `deployment`) nor a preview (`pulumi preview --json`, with `steps`)\n",
    });
    expect(run(["--out", dir, join(dir, "missing.json")])).toMatchObject({
      code: 1,
      err: expect.stringContaining(`cannot read ${join(dir, "missing.json")} as JSON: ENOENT`),
    });
  });

  it("refuses bad usage with exit code 2 and shows help on --help", () => {
    expect(run(["--users", "many"])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--users must be a whole number, got "many"'),
    });
    expect(run(["--colour"])).toMatchObject({ code: 2, err: expect.stringContaining("Usage: trtc-layout") });
    expect(run(["a.json", "b.json"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("one FILE at most, got 2"),
    });
    expect(run(["--help"])).toMatchObject({
      code: 0,
      out: expect.stringContaining("pulumi preview --json | trtc-layout"),
    });
  });
});

describe("the built trtc-layout command", () => {
  it("is package.json's bin, runs with node and writes the files", () => {
    const bin = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).bin["trtc-layout"] as string;
    expect(bin).toBe("dist/provider/layout/cli.js");
    const built = join(REPO, bin);
    // npm test builds dist before the tests; a lone run needs `npm run build` first.
    expect(existsSync(built), `${bin} is missing: run npm run build`).toBe(true);
    expect(readFileSync(built, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const output = execFileSync(process.execPath, [built, "--out", dir, fixturePath("quickstart.preview.json")], {
      encoding: "utf8",
    });
    expect(output).toContain("classroom: nine-grid layout, 1280×720, 4 picture(s), 0 watermark(s) (preview: create)");
    expect(readdirSync(dir)).toEqual(["classroom.svg"]);
    const failed = spawnSync(process.execPath, [built, "--out", dir, join(dir, "classroom.svg")], { encoding: "utf8" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^trtc-layout: cannot read .*classroom\.svg as JSON/);
  });
});

it("writes into the output directory only, never next to the input", () => {
  writeFileSync(join(dir, "state.json"), readFileSync(fixturePath("custom-layout.stack-export.json")));
  const out = join(dir, "pictures");
  expect(run(["--out", out, join(dir, "state.json")]).code).toBe(0);
  expect(readdirSync(dir).sort()).toEqual(["pictures", "state.json"]);
  expect(readdirSync(out)).toEqual(["webinar.svg"]);
});
