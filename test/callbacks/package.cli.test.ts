// pulumi-trtc/callbacks as users get it: an installed copy of the packed package (needs a built dist, like the CLI
// tests). The `exports` map must keep every older entry point: the package root, and the provider modules by path,
// which Pulumi state stores as `require("pulumi-trtc/dist/provider/cloudRecordingProvider.js")`; and Pulumi must
// still serialise a provider to that same path. Then both callback examples are type-checked against the copy and
// run: the node:http one receives the emulator sender's callbacks, the serverless one answers signed events.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackSender, type CloudTaskRef } from "../../emulator/callbacks";
import { callbackSignature } from "../../provider/callbacks";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import { nodeBinary, repoRoot } from "../../pulumi-cli/paths";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";
import { EXAMPLES } from "./documented";

const KEY = "ExampleKey0123456789abcdef";
const copies: Record<"http" | "serverless", string> = { http: "", serverless: "" };

/** Runs `script` with Node in `dir` (so that `require("pulumi-trtc...")` finds the installed copy); returns stdout. */
function runNode(dir: string, script: string, env: Record<string, string> = {}): string {
  return execFileSync(nodeBinary(), ["-e", script], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

beforeAll(() => {
  for (const [name, dir] of [
    ["http", "node-http"],
    ["serverless", "serverless"],
  ] as const) {
    copies[name] = copyProgram(join(repoRoot(), "examples", "callbacks", dir), `callbacks-${dir}`);
    installPackageCopy(copies[name]);
  }
}, 120_000);

afterAll(() => {
  for (const dir of Object.values(copies)) if (dir) removeProgramCopy(dir);
});

describe("the installed package's entry points", () => {
  it("resolves the root, ./callbacks, package.json and the provider modules by path, with and without .js", () => {
    const out = runNode(
      copies.http,
      `
      const names = [
        "pulumi-trtc",
        "pulumi-trtc/callbacks",
        "pulumi-trtc/package.json",
        "pulumi-trtc/dist/provider/cloudRecordingProvider.js",
        "pulumi-trtc/dist/provider/webRecordingProvider.js",
        "pulumi-trtc/dist/provider/cloudRecordingProvider",
        "pulumi-trtc/dist/provider/webRecordingProvider",
      ];
      const result = {};
      for (const name of names) {
        try { result[name] = require.resolve(name).split("node_modules/")[1]; } catch (e) { result[name] = e.code; }
      }
      result.root = typeof require("pulumi-trtc").CloudRecording;
      result.callbacks = typeof require("pulumi-trtc/callbacks").handleCallback;
      result.provider = typeof require("pulumi-trtc/dist/provider/cloudRecordingProvider").check;
      console.log(JSON.stringify(result));
      `,
    );
    expect(JSON.parse(out)).toEqual({
      "pulumi-trtc": "pulumi-trtc/dist/provider/index.js",
      "pulumi-trtc/callbacks": "pulumi-trtc/dist/provider/callbacks/index.js",
      "pulumi-trtc/package.json": "pulumi-trtc/package.json",
      "pulumi-trtc/dist/provider/cloudRecordingProvider.js": "pulumi-trtc/dist/provider/cloudRecordingProvider.js",
      "pulumi-trtc/dist/provider/webRecordingProvider.js": "pulumi-trtc/dist/provider/webRecordingProvider.js",
      "pulumi-trtc/dist/provider/cloudRecordingProvider": "pulumi-trtc/dist/provider/cloudRecordingProvider.js",
      "pulumi-trtc/dist/provider/webRecordingProvider": "pulumi-trtc/dist/provider/webRecordingProvider.js",
      root: "function",
      callbacks: "function",
      provider: "function",
    });
  });

  it("imports pulumi-trtc/callbacks from ES modules too", () => {
    const out = runNode(
      copies.http,
      `import("pulumi-trtc/callbacks").then((m) => console.log(typeof m.handleCallback, typeof m.createCallbackHandler))`,
    );
    expect(out.trim()).toBe("function function");
  });

  it("loads nothing but Node built-ins for pulumi-trtc/callbacks (no Pulumi, no zod, no undici)", () => {
    const out = runNode(
      copies.http,
      `require("pulumi-trtc/callbacks");
       console.log(JSON.stringify(Object.keys(require.cache).map((f) => f.split("node_modules/").pop())));`,
    );
    const loaded = JSON.parse(out) as string[];
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => !file.startsWith("pulumi-trtc/dist/provider/callbacks/"))).toEqual([]);
  });

  it("still serialises a provider as require() of its path: Pulumi maps the file back through the exports map", () => {
    // What @pulumi/pulumi's closure serialisation does with a module found under node_modules (getModuleFromPath),
    // given the installed package.json: the path state already holds, unchanged by the exports map.
    const out = runNode(
      copies.http,
      `const { getModuleFromPath } = require(${JSON.stringify(require.resolve("@pulumi/pulumi/runtime/closure/package"))});
       const pkg = require("pulumi-trtc/package.json");
       console.log(JSON.stringify(["cloudRecordingProvider.js", "webRecordingProvider.js"].map(
         (file) => getModuleFromPath("pulumi-trtc/dist/provider/" + file, pkg))));`,
    );
    expect(JSON.parse(out)).toEqual([
      "pulumi-trtc/dist/provider/cloudRecordingProvider.js",
      "pulumi-trtc/dist/provider/webRecordingProvider.js",
    ]);
  });
});

describe("the callback examples, built against the installed package", () => {
  beforeAll(() => {
    // Each example with its own tsconfig (strict, nodenext): `pulumi-trtc/callbacks` and its types resolve through
    // the exports map. Emits bin/index.js.
    const tsc = join(repoRoot(), "node_modules", "typescript", "bin", "tsc");
    for (const dir of Object.values(copies)) execFileSync(nodeBinary(), [tsc, "-p", dir], { encoding: "utf8" });
  }, 120_000);

  describe("node-http", () => {
    let child: ChildProcess;
    const lines: string[] = [];
    const errors: string[] = [];
    let url = "";

    beforeAll(async () => {
      child = spawn(nodeBinary(), ["bin/index.js"], {
        cwd: copies.http,
        env: { ...process.env, TRTC_CALLBACK_KEY: KEY, PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => errors.push(line));
      const stdout = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      url = await new Promise<string>((resolve, reject) => {
        stdout.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the example exited with ${code}: ${errors.join("\n")}`)));
      });
      stdout.on("line", (line) => lines.push(line));
    }, 30_000);

    afterAll(() => {
      child?.kill("SIGTERM");
    });

    it("prints the start, the stop, each file's URL and the completion of the emulator's callbacks", async () => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trtc\/callbacks$/);
      const sender = new CallbackSender({ url, key: KEY });
      const vod: CloudTaskRef = {
        taskId: "vod-task",
        sdkAppId: 1400000000,
        roomId: "3560",
        userId: "robot",
        request: { RecordParams: { RecordMode: 2 }, StorageParams: { CloudVod: { TencentVod: {} } } },
      };
      const cos: CloudTaskRef = {
        ...vod,
        taskId: "cos-task",
        roomId: "3561",
        request: { RecordParams: { RecordMode: 2, OutputFormat: 3 }, StorageParams: { CloudStorage: { Vendor: 0 } } },
      };
      sender.cloudTaskStarted(vod);
      sender.cloudTaskEnded(vod, "deleted");
      const mp4 = { UserId: "", FileName: "1400000000_3561.mp4", TrackType: "audio_video", BeginTimeStamp: 1 };
      sender.cloudTaskEnded(cos, "idle", [mp4]);
      await sender.idle();
      await sender.close();
      expect(sender.deliveries().every((d) => d.outcome === "delivered")).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The VOD FileId is derived from the TaskId and file name: only its shape matters here.
      expect(lines.map((line) => line.replace(/\/\d+\//, "/<FileId>/")).sort()).toEqual(
        [
          "started vod-task",
          "stopped vod-task recorderStopped",
          "file vod-task https://vod.emulator.invalid/<FileId>/1400000000_3560.mp4",
          "complete vod-task",
          "stopped cos-task recorderStopped",
          "file cos-task cos-task/1400000000_3561.mp4",
        ].sort(),
      );
    });

    it("refuses callbacks signed with another key, and logs why without the key", async () => {
      const sender = new CallbackSender({ url, key: "NotTheKey", retryIntervalMs: 50, retentionMs: 150 });
      sender.recorderStarted({ taskId: "forged", sdkAppId: 1, roomId: "1", userId: "x", request: {} });
      await sender.idle();
      await sender.close();
      expect(sender.deliveries()[0]).toMatchObject({ outcome: "gave-up", lastStatus: 401 });
      expect(lines.some((line) => line.includes("forged"))).toBe(false);
      expect(errors.some((line) => line.startsWith("refused (401 bad-signature)"))).toBe(true);
      expect(errors.join("\n")).not.toContain(KEY);
    });
  });

  it("serverless: 200 to a signed event (plain or base64 body), 401 to a forged one, 500 without a key", () => {
    const body = EXAMPLES[311];
    const events = [
      { headers: { Sign: callbackSignature(body, KEY), SdkAppId: "1400000000" }, body },
      {
        headers: { sign: callbackSignature(body, KEY) },
        body: Buffer.from(body).toString("base64"),
        isBase64Encoded: true,
      },
      { headers: { Sign: callbackSignature(body, "forged") }, body },
    ];
    const script = `
      const { handler, main_handler } = require("./bin/index.js");
      (async () => {
        const results = [];
        for (const event of ${JSON.stringify(events)}) results.push((await handler(event)).statusCode);
        console.log("RESULT " + JSON.stringify({ results, same: handler === main_handler }));
      })();`;
    const out = runNode(copies.serverless, script, { TRTC_CALLBACK_KEY: KEY });
    const result = JSON.parse(out.split("RESULT ")[1] ?? "{}");
    expect(result).toEqual({ results: [200, 200, 401], same: true });
    // The function's log line for the accepted event names the file's VOD URL.
    expect(out).toContain('"files":["http://xxxx"]');
    const unset = runNode(
      copies.serverless,
      `require("./bin/index.js").handler({ body: "{}" }).then((r) => console.log(r.statusCode))`,
      { TRTC_CALLBACK_KEY: "" },
    );
    expect(unset.trim()).toBe("500");
  });
});
