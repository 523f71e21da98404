// Every example as a user gets it: a copy with pulumi-trtc installed as a real package (not a symlink), type-checked
// with its own tsconfig, and run by the real Pulumi CLI against one shared emulator: preview (no API call), up (the
// emulator sees the tasks start), an in-place change where the example is about one (same TaskIds), refresh of the
// running stack with --expect-no-changes, and destroy (the emulator sees them stop; no resource left in state).
// The quickstart also shows what a user finds in the real state: secrets only as ciphertext in the state file and
// as secret values in the export, every output known after up, and a second up that changes nothing.
// examples/scheduled-event/control needs the pulumiservice provider plugin, which cannot be obtained offline: it is
// run under mocks in scheduledEventControl.mocks.test.ts, and only type-checked here.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import type { StackConfig } from "../../pulumi-cli";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import type { StateResource } from "../../pulumi-cli/localStack";
import { nodeBinary, repoRoot } from "../../pulumi-cli/paths";
import { type CliStack, openCliStack, SDK_SECRET_KEY, SECRET_ID, SECRET_KEY } from "../cli/cliStack";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";

const HOUR = 3_600_000;
const COS_SECRET_ID = "AKIDexample-cos-secret-id";
const COS_SECRET_KEY = "example-cos-secret-key";
const CDN_URLS = ["rtmp://push.example.com/live/shop?txSecret=abc", "rtmp://cdn.example.net/app/key"];

interface Example {
  dir: string;
  project: string;
  /** The program's config, without the project prefix. */
  config: StackConfig;
  /** Tasks expected to run after `up`. */
  tasks: { cloud: number; web: number };
  /** A config change the example applies in place. */
  change?: StackConfig;
}

const EXAMPLES: Example[] = [
  {
    dir: "quickstart",
    project: "trtc-quickstart",
    config: { cosSecretId: { secret: COS_SECRET_ID }, cosSecretKey: { secret: COS_SECRET_KEY } },
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
      cosSecretId: { secret: COS_SECRET_ID },
      cosSecretKey: { secret: COS_SECRET_KEY },
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
    config: { cdnUrls: { secret: JSON.stringify(CDN_URLS) } },
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
];

/** The examples only type-checked here (see the header). */
const TYPE_CHECKED_ONLY = ["scheduled-event/control"];

/** Config keys without a namespace belong to the project, as `pulumi config set` treats them. */
function projectConfig(project: string, config: StackConfig = {}): StackConfig {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [`${project}:${key}`, value]));
}

/** A value the CLI shows as secret in `pulumi stack export --show-secrets`. */
function isExportedSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270"
  );
}

const mutatingActions = (emulator: Emulator) =>
  emulator
    .requests()
    .map((r) => r.action)
    .filter((action) => !action.startsWith("Describe"));

let emulator: Emulator;

beforeAll(async () => {
  // One emulator for every example (reset between them): starting one per example would only cost time.
  emulator = await startEmulator({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY });
});

afterAll(async () => {
  await emulator?.close();
});

describe("examples", () => {
  it("each has Pulumi.yaml, package.json, tsconfig.json, index.ts and README.md, and type-checks with its own tsconfig against the installed package", () => {
    const copies: string[] = [];
    try {
      for (const dir of [...EXAMPLES.map((e) => e.dir), ...TYPE_CHECKED_ONLY]) {
        for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "README.md"]) {
          expect(() => readFileSync(join(repoRoot(), "examples", dir, file))).not.toThrow();
        }
        const copy = copyProgram(join(repoRoot(), "examples", dir), `typecheck-${dir.replace("/", "-")}`);
        copies.push(copy);
        if (JSON.parse(readFileSync(join(copy, "package.json"), "utf8")).dependencies["pulumi-trtc"]) {
          installPackageCopy(copy);
        }
      }
      // One compiler run over every copy, with the examples' own compiler options.
      const options = JSON.parse(readFileSync(join(repoRoot(), "examples", "quickstart", "tsconfig.json"), "utf8"));
      const project = join(copies[0] as string, "tsconfig.all-examples.json");
      const files = copies.map((copy) => join(copy, "index.ts"));
      writeFileSync(project, JSON.stringify({ compilerOptions: { ...options.compilerOptions, noEmit: true }, files }));
      const tsc = join(repoRoot(), "node_modules", "typescript", "bin", "tsc");
      expect(() => execFileSync(nodeBinary(), [tsc, "-p", project], { encoding: "utf8" })).not.toThrow();
    } finally {
      for (const copy of copies) removeProgramCopy(copy);
    }
  });
});

for (const example of EXAMPLES) {
  describe(`examples/${example.dir} through the Pulumi CLI`, { timeout: 300_000 }, () => {
    let stack: CliStack;
    let started: string[] = [];

    beforeAll(async () => {
      emulator.reset();
      stack = await openCliStack({
        program: `examples/${example.dir}`,
        project: example.project,
        sharedEmulator: emulator,
        config: projectConfig(example.project, example.config),
      });
    }, 300_000);

    afterAll(async () => {
      await stack?.cleanup();
    });

    it("preview shows what would be created without calling the API", async () => {
      const result = await stack.preview();
      expect(result.output).toContain("Previewing update (test):");
      expect(result.ok).toBe(true);
      expect(result.changes.create).toBe(1 + example.tasks.cloud + example.tasks.web);
      expect(emulator.requests()).toEqual([]);
    });

    it("up starts its tasks and every output is known", async () => {
      const result = await stack.up();
      expect(result.output).toContain("Updating (test):");
      expect(result.ok).toBe(true);
      expect(result.changes.create).toBe(1 + example.tasks.cloud + example.tasks.web);
      const running = stack.running();
      expect(running.filter((t) => t.kind === "cloud")).toHaveLength(example.tasks.cloud);
      expect(running.filter((t) => t.kind === "web")).toHaveLength(example.tasks.web);
      // Cloud recordings join the room with a UserSig the provider minted from the SDK secret key.
      expect(running.every((t) => t.kind === "web" || t.userSigValid === true)).toBe(true);
      started = running.map((t) => t.taskId);
      expect(Object.keys(result.outputs).length).toBeGreaterThan(0);
      for (const value of Object.values(result.outputs)) expect(value).toBeDefined();
      const resources = await stack.resources();
      expect(resources.map((r) => r.id).sort()).toEqual([...started].sort());
    });

    if (example.dir === "quickstart") {
      it("keeps secrets encrypted in the state file and marked secret in the export", async () => {
        const raw = readFileSync(stack.local.stateFile(), "utf8");
        for (const secret of [SECRET_KEY, SDK_SECRET_KEY, COS_SECRET_ID, COS_SECRET_KEY]) {
          expect(raw).not.toContain(secret);
        }
        const whiteboard = (await stack.resources()).find((r) => r.urn.endsWith("::whiteboard")) as StateResource;
        for (const state of [whiteboard.inputs ?? {}, whiteboard.outputs ?? {}]) {
          const storage = (state.storageParams as { cloudStorage: Record<string, unknown> }).cloudStorage;
          expect(isExportedSecret(storage.accessKey)).toBe(true);
          expect(isExportedSecret(storage.secretKey)).toBe(true);
          // Only the keys are secret: the rest stays readable in `pulumi preview --diff`.
          expect(storage.bucket).toBe("recordings-1250000000");
        }
      });

      it("a second up changes nothing and calls no mutating API", async () => {
        const before = mutatingActions(emulator).length;
        const result = await stack.up({ expectNoChanges: true });
        expect(result.output).not.toContain("error");
        expect(result.ok).toBe(true);
        expect(result.changes).toEqual({ same: 3 });
        expect(mutatingActions(emulator).length).toBe(before);
      });
    }

    if (example.change) {
      const change = example.change;
      it(`changes ${Object.keys(change).join(", ")} in place: same tasks, ModifyCloudRecording`, async () => {
        await stack.setConfig(projectConfig(example.project, change));
        const result = await stack.up();
        expect(result.ok).toBe(true);
        expect(result.output).toMatch(/~ {2}pulumi-nodejs:dynamic\/trtc:CloudRecording \S+ updated/);
        expect(result.changes).toMatchObject({ update: 1 });
        expect(result.changes.create ?? 0).toBe(0);
        expect(result.changes.replace ?? 0).toBe(0);
        expect(mutatingActions(emulator)).toContain("ModifyCloudRecording");
        expect(stack.running().map((t) => t.taskId)).toEqual(started);
      });
    }

    it("refresh of the running stack finds no change (--expect-no-changes)", async () => {
      const result = await stack.refresh({ expectNoChanges: true });
      expect(result.output).toContain("Refreshing (test):");
      expect(result.ok).toBe(true);
      expect(stack.running().map((t) => t.taskId)).toEqual(started);
    });

    it("destroy stops every task and leaves no resource in state", async () => {
      const result = await stack.destroy();
      expect(result.ok).toBe(true);
      expect(result.changes.delete).toBe(1 + example.tasks.cloud + example.tasks.web);
      expect(stack.running()).toEqual([]);
      expect(emulator.tasks().filter((t) => t.endReason !== null)).toHaveLength(started.length);
      const state = await stack.local.exportState();
      expect((state.deployment.resources ?? []).filter((r) => r.custom)).toEqual([]);
    });
  });
}
