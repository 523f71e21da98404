// Every example as a user gets it: a copy with pulumi-trtc installed as a real package (not a symlink), type-checked
// with its own tsconfig, and run through the engine-protocol runner against the emulator: up (the emulator sees the
// tasks start), an in-place change where the example is about one, and destroy (the emulator sees them stop).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import { nodeBinary, repoRoot } from "../../pulumi-cli/paths";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";
import type { ConfigValue } from "../harness/runRequest";
import { secret } from "../harness/secrets";
import { destroy, readState, up } from "../harness/stack";
import { emulatorStackConfig } from "../harness/trtcConfig";

const CREDENTIALS = { secretId: "AKIDexamples000000000000000000000", secretKey: "examples-api-secret-key" };
const SDK_SECRET_KEY = "examples-sdk-secret-key";
const HOUR = 3_600_000;

interface Example {
  dir: string;
  project: string;
  config: Record<string, ConfigValue>;
  /** Tasks expected to run after `up`. */
  tasks: { cloud: number; web: number };
  /** A config change the example applies in place. */
  change?: Record<string, ConfigValue>;
}

const EXAMPLES: Example[] = [
  {
    dir: "quickstart",
    project: "trtc-quickstart",
    config: { cosSecretId: secret("AKIDexample-cos"), cosSecretKey: secret("example-cos-secret") },
    tasks: { cloud: 1, web: 1 },
    change: { layoutMode: "1" },
  },
  {
    dir: "single-stream-cos",
    project: "trtc-single-stream-cos",
    config: {
      roomId: "8001",
      anchors: JSON.stringify(["teacher", "assistant"]),
      bucket: "courses-1250000000",
      cosSecretId: secret("AKIDexample-cos"),
      cosSecretKey: secret("example-cos-secret"),
    },
    tasks: { cloud: 1, web: 0 },
    change: { anchors: JSON.stringify(["teacher"]) },
  },
  {
    dir: "custom-layout",
    project: "trtc-custom-layout",
    config: { roomId: "8002", speaker: "host" },
    tasks: { cloud: 1, web: 0 },
    change: { layout: "picture-in-picture" },
  },
  {
    dir: "web-recording-cdn",
    project: "trtc-web-recording-cdn",
    config: {
      cdnUrls: secret(
        JSON.stringify(["rtmp://push.example.com/live/shop?txSecret=abc", "rtmp://cdn.example.net/app/key"]),
      ),
    },
    tasks: { cloud: 0, web: 1 },
  },
  {
    dir: "scheduled-event",
    project: "trtc-scheduled-event",
    config: {
      roomId: "8003",
      eventStart: new Date(Date.now() - HOUR).toISOString(),
      eventEnd: new Date(Date.now() + HOUR).toISOString(),
    },
    tasks: { cloud: 1, web: 0 },
  },
  {
    dir: "scheduled-event/control",
    project: "trtc-scheduled-event-control",
    config: {
      organization: "acme",
      repoUrl: "https://github.com/acme/recordings.git",
      events: JSON.stringify([
        { stack: "townhall-2026-12-01", roomId: "3560", start: "2026-12-01T10:00:00Z", end: "2026-12-01T11:00:00Z" },
      ]),
      tencentSecretId: "AKIDcontrol",
      tencentSecretKey: secret("control-secret-key"),
      sdkAppId: "1400000000",
      sdkSecretKey: secret("control-sdk-secret"),
    },
    tasks: { cloud: 0, web: 0 },
  },
];

let emulator: Emulator;
const copies = new Map<string, string>();

function stackConfig(example: Example, extra: Record<string, ConfigValue> = {}): Record<string, ConfigValue> {
  return {
    ...emulatorStackConfig({ url: emulator.url, ...CREDENTIALS, sdkSecretKey: SDK_SECRET_KEY }),
    ...example.config,
    ...extra,
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ ...CREDENTIALS, sdkSecretKey: SDK_SECRET_KEY });
  for (const example of EXAMPLES) {
    const copy = copyProgram(join(repoRoot(), "examples", example.dir), `example-${example.dir.replace("/", "-")}`);
    if (JSON.parse(readFileSync(join(copy, "package.json"), "utf8")).dependencies["pulumi-trtc"])
      installPackageCopy(copy);
    copies.set(example.dir, copy);
  }
});

afterAll(async () => {
  await emulator?.close();
  for (const copy of copies.values()) removeProgramCopy(copy);
});

describe("examples", () => {
  it("each has Pulumi.yaml, package.json, tsconfig.json, index.ts and README.md, and type-checks with its own tsconfig against the installed package", () => {
    const files: string[] = [];
    for (const example of EXAMPLES) {
      const copy = copies.get(example.dir) as string;
      for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "README.md"]) {
        expect(() => readFileSync(join(repoRoot(), "examples", example.dir, file))).not.toThrow();
      }
      files.push(join(copy, "index.ts"));
    }
    // One compiler run over every copy, with the examples' own compiler options.
    const options = JSON.parse(readFileSync(join(repoRoot(), "examples", "quickstart", "tsconfig.json"), "utf8"));
    const project = join(copies.get("quickstart") as string, "..", `examples-tsconfig-${process.pid}.json`);
    writeFileSync(project, JSON.stringify({ compilerOptions: { ...options.compilerOptions, noEmit: true }, files }));
    const tsc = join(repoRoot(), "node_modules", "typescript", "bin", "tsc");
    expect(() => execFileSync(nodeBinary(), [tsc, "-p", project], { encoding: "utf8" })).not.toThrow();
  });

  for (const example of EXAMPLES) {
    it(`${example.dir}: up starts its tasks, ${example.change ? "a change applies in place, " : ""}destroy stops them`, async () => {
      emulator.reset();
      const programDir = copies.get(example.dir) as string;
      const stateFile = join(programDir, "state.json");
      const options = { programDir, stateFile, project: example.project, config: stackConfig(example) };

      const created = await up(options);
      expect(created.errors).toEqual([]);
      const running = emulator.tasks().filter((t) => t.running);
      expect(running.filter((t) => t.kind === "cloud")).toHaveLength(example.tasks.cloud);
      expect(running.filter((t) => t.kind === "web")).toHaveLength(example.tasks.web);
      expect(running.every((t) => t.kind === "web" || t.userSigValid === true)).toBe(true);

      if (example.change) {
        const changed = await up({ ...options, config: stackConfig(example, example.change) });
        expect(changed.errors).toEqual([]);
        expect(changed.steps.filter((s) => s.urn.includes("dynamic")).map((s) => s.op)).toContain("update");
        expect(emulator.requests().map((r) => r.action)).toContain("ModifyCloudRecording");
        expect(
          emulator
            .tasks()
            .filter((t) => t.running)
            .map((t) => t.taskId),
        ).toEqual(running.map((t) => t.taskId));
      }

      const destroyed = await destroy({ ...options, config: stackConfig(example, example.change) });
      expect(destroyed.errors).toEqual([]);
      expect(emulator.tasks().filter((t) => t.running)).toEqual([]);
      expect(emulator.tasks().filter((t) => t.endReason !== null).length).toBe(running.length);
      expect(readState(stateFile)?.resources.filter((r) => r.custom)).toEqual([]);
    });
  }
});
