// End to end: a stack records through the real Pulumi CLI, the emulator calls back (started with a callback URL and
// key), and a receiver built with provider/callbacks verifies every request and reports where the files are: the
// VOD playback URL of each file (311) and the COS object of each MP4 (310), once the recording has stopped.
// The emulator is started with the options `callbackUrl` and `callbackKey` (`--callback-url`, `--callback-key`).

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../../emulator";
import {
  type CallbackRejection,
  createCallbackHandler,
  readyFiles,
  type TrtcCallbackEvent,
} from "../../provider/callbacks";
import { type CliStack, openCliStack, SDK_APP_ID } from "../cli/cliStack";
import { cloud, cloudArgs, PROGRAM, PROJECT, recordings, web, webArgs } from "../e2e/cliLifecycle";

const CALLBACK_KEY = "E2eCallbackKey0123456789abcdef";
const BUCKET = "recordings-1250000000";
const COS_REGION = "ap-singapore";

const specs = [
  cloud("vodRoom", cloudArgs({ roomId: "3560" })),
  cloud(
    "cosRoom",
    cloudArgs({
      roomId: "3561",
      recordParams: { recordMode: 2, maxIdleTime: 60, outputFormat: 3 },
      storageParams: {
        cloudStorage: { vendor: 0, region: COS_REGION, bucket: BUCKET, accessKey: "AKIDcos", secretKey: "cos-secret" },
      },
    }),
  ),
  web("board", webArgs({ storageParams: { cloudVod: { tencentVod: { mediaType: 0 } } } })),
];

/** What a receiver reports per task: the stages seen, and the URL of every file ready. */
interface TaskReport {
  stages: Set<string>;
  types: Set<string>;
  urls: string[];
}

const events: TrtcCallbackEvent[] = [];
const rejected: CallbackRejection[] = [];
const reports = new Map<string, TaskReport>();
let server: Server;
let stack: CliStack;
let taskIds: Record<string, string> = {};

function report(event: TrtcCallbackEvent): void {
  if (event.taskId === null) return;
  let entry = reports.get(event.taskId);
  if (!entry) {
    entry = { stages: new Set(), types: new Set(), urls: [] };
    reports.set(event.taskId, entry);
  }
  entry.stages.add(event.stage);
  entry.types.add(event.type);
  for (const file of readyFiles(event)) {
    // VOD gives a playback URL; COS objects are <prefix>/<TaskId>/<file> (no prefix here) in the bucket's default
    // domain, <bucket>.cos.<region>.myqcloud.com.
    entry.urls.push(
      file.vodUrl ??
        `https://${BUCKET}.cos.${COS_REGION}.myqcloud.com/${event.taskId}/${encodeURIComponent(file.fileName)}`,
    );
  }
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      const seen = events.map((e) => `${e.eventType}:${e.taskId}`).join(", ");
      throw new Error(`timed out waiting for ${what}; received: ${seen || "nothing"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const reportOf = (name: string): TaskReport | undefined => reports.get(taskIds[name] ?? "");

beforeAll(async () => {
  server = createServer(
    createCallbackHandler({
      key: CALLBACK_KEY,
      sdkAppIds: [SDK_APP_ID],
      onEvent: (event) => {
        events.push(event);
        report(event);
      },
      onRejected: (rejection) => void rejected.push(rejection),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trtc/callbacks`;
  const emulator: Partial<EmulatorOptions> = { callbackUrl, callbackKey: CALLBACK_KEY };
  stack = await openCliStack({ program: PROGRAM, project: PROJECT, emulator, config: recordings(specs) });
}, 300_000);

afterAll(async () => {
  await stack?.cleanup();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("recording callbacks from the emulator, through the Pulumi CLI", { timeout: 300_000 }, () => {
  it("up: each recording's start is called back, signed with the key", async () => {
    const result = await stack.up();
    expect(result.ok, result.output).toBe(true);
    // The fixture program exports `recordings`: { "<name>.taskId": ..., "<name>.status": ... }.
    const outputs = result.outputs.recordings as Record<string, string>;
    taskIds = Object.fromEntries(specs.map((spec) => [spec.name, outputs[`${spec.name}.taskId`] ?? ""]));
    await waitFor("the starts", () => ["vodRoom", "cosRoom", "board"].every((n) => reportOf(n)?.stages.has("started")));
    expect(rejected).toEqual([]);
    expect(reportOf("vodRoom")?.types).toEqual(new Set(["recorderStarted"]));
    // COS storage also starts the upload module.
    expect(reportOf("cosRoom")?.types).toContain("uploadStarted");
    expect(reportOf("board")?.types).toEqual(new Set(["webRecorderStarted"]));
    for (const event of events) {
      expect(event.sdkAppId).toBe(SDK_APP_ID);
      expect(event.eventGroupId === 3 || event.eventGroupId === 8).toBe(true);
    }
    // Nothing is ready while recording.
    for (const entry of reports.values()) expect(entry.urls).toEqual([]);
  });

  it("destroy: 'stopped' first, then the files; the receiver reports their URLs", async () => {
    const result = await stack.destroy();
    expect(result.ok, result.output).toBe(true);
    await waitFor("the VOD tasks' completion and the COS files", () =>
      Boolean(
        reportOf("vodRoom")?.stages.has("completed") &&
          reportOf("board")?.stages.has("completed") &&
          reportOf("cosRoom")?.types.has("mp4Stopped"),
      ),
    );
    expect(rejected).toEqual([]);
    for (const name of ["vodRoom", "cosRoom", "board"]) expect(reportOf(name)?.stages).toContain("stopped");
    const stopped = events.find((e) => e.taskId === taskIds.vodRoom && e.type === "recorderStopped");
    expect(stopped?.type === "recorderStopped" && stopped.leaveReason).toBe("stoppedByApi");

    // VOD: a playback URL per file, for the mixed recording's file named by the naming rules.
    expect(reportOf("vodRoom")?.urls).toEqual([expect.stringMatching(new RegExp(`/${SDK_APP_ID}_3560\\.mp4$`))]);
    // COS: the MP4 of the mixed recording (OutputFormat 3), under <TaskId>/ in the bucket.
    expect(reportOf("cosRoom")?.urls).toEqual([
      `https://${BUCKET}.cos.${COS_REGION}.myqcloud.com/${taskIds.cosRoom}/${SDK_APP_ID}_3561.mp4`,
    ]);
    // The page recording: one VOD file, then the end of its VOD task.
    expect(reportOf("board")?.urls).toEqual([expect.stringMatching(/^https?:\/\/.+\.mp4$/)]);
    expect(reportOf("board")?.types).toEqual(
      new Set(["webRecorderStarted", "webRecorderStopped", "vodCommitted", "vodStopped"]),
    );
    // Each event arrived once: the receiver answered every first attempt.
    const keys = events.map((e) => e.deliveryKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
