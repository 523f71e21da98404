// Provider defects the chaos run found, each reduced to a direct reproduction and kept as a regression test: the
// provider's functions called directly against the emulator (no engine needed). What needs the engine is in
// regressions.cli.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import * as cloud from "../../../provider/cloudRecordingProvider";
import * as web from "../../../provider/webRecordingProvider";
import { SDK_APP_ID, SDK_SECRET_KEY, SECRET_ID, SECRET_KEY } from "../../cli/cliStack";
import { configureProviders, emulatorValues } from "../configure";
import { cloudArgs, type Props, webArgs } from "./recordings";

type Result = Record<string, unknown>;

describe("provider functions against the emulator", () => {
  let emulator: Emulator;
  let warnings: string[];

  beforeAll(async () => {
    emulator = await startEmulator({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY });
    const keys = { secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY, sdkAppId: SDK_APP_ID };
    // A short deadline, so the retries give up within a second.
    await configureProviders(emulatorValues(emulator.url, keys, { "trtc:deadlineSeconds": "1" }));
  });

  afterAll(async () => {
    await emulator?.close();
  });

  beforeEach(() => {
    emulator.reset();
    warnings = [];
    vi.spyOn(console, "error").mockImplementation((text: unknown) => {
      warnings.push(String(text));
    });
    return () => vi.restoreAllMocks();
  });

  const running = () => emulator.tasks().filter((t) => t.running);

  async function failureOf(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected a failure");
  }

  // A start whose answer was lost (and which did start a task) followed by a definitive failure of the retry
  // (throttling or internal errors outlasting the deadline) is rethrown as a plain API error. The task runs on, the
  // state never learns of it, and the next `pulumi up` generates a new robot UserId / RecordId, so it is neither
  // replaced nor adopted: a cloud task records until its room idles out, a web task for up to 24 hours.
  // Expected: either the provider keeps the task (retries until it knows) or its error says one may be running.
  it("never loses a cloud task a lost start began when the retry then fails", async () => {
    const checked = await cloud.check({}, { __logicalName: "lost", ...cloudArgs({ roomId: "9100" }) });
    emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset", times: 1 });
    emulator.setFault({ action: "CreateCloudRecording", fault: "internal-error", times: 1000 });
    const error = await failureOf(cloud.create(checked.inputs as Props));
    expect(error.message).toContain("InternalError");
    expect(running()).toHaveLength(1);
    expect(error.message).toContain(`it is unknown whether recording robot "${String(checked.inputs?.userId)}"`);
    expect(error.message).toContain(`set userId to "${String(checked.inputs?.userId)}"`);
  });

  it("keeps retrying a cloud start after a lost answer until it knows the task", async () => {
    const checked = await cloud.check({}, { __logicalName: "kept", ...cloudArgs({ roomId: "9101" }) });
    emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset", times: 1 });
    emulator.setFault({ action: "CreateCloudRecording", fault: "throttle", times: 3 });
    const created = await cloud.create(checked.inputs as Props);
    expect(running().map((t) => t.taskId)).toEqual([created.id]);
  });

  // The RecordId settles what the lost answer left open: the provider finds the task by it and adopts it.
  it("adopts the web task a lost start began when the retry then fails", async () => {
    const checked = await web.check({}, { __logicalName: "lostpage", ...webArgs() });
    emulator.setFault({ action: "StartWebRecord", fault: "commit-then-reset", times: 1 });
    emulator.setFault({ action: "StartWebRecord", fault: "internal-error", times: 10 });
    const created = await web.create(checked.inputs as Props);
    expect(running().map((t) => t.taskId)).toEqual([created.id]);
  });

  // The same through the other door: the retry finds the RecordId taken (FailedOperation.TaskExist), and the
  // DescribeWebRecord that would adopt the task fails. The chaos run found this one.
  it("never loses a web task a lost start began when adopting it then fails", async () => {
    const checked = await web.check({}, { __logicalName: "lostadopt", ...webArgs() });
    emulator.setFault({ action: "StartWebRecord", fault: "commit-then-reset", times: 1 });
    emulator.setFault({ action: "DescribeWebRecord", fault: "internal-error", times: 10 });
    const error = await failureOf(web.create(checked.inputs as Props));
    expect(error.message).toContain("DescribeWebRecord failed: InternalError");
    expect(running()).toHaveLength(1);
    expect(error.message).toContain("is held by a running task (FailedOperation.TaskExist)");
    expect(error.message).toContain("Run `pulumi up` again: the resource asks for the same RecordId");
    // What the message promises: the next run (same generated RecordId) takes the task over.
    emulator.clearFaults();
    const again = await web.check({}, { __logicalName: "lostadopt", ...webArgs() });
    expect(again.inputs?.recordId).toBe(checked.inputs?.recordId);
    const adopted = await web.create(again.inputs as Props);
    expect(running().map((t) => t.taskId)).toEqual([adopted.id]);
  });

  // Changing the layout of a `whenEnded: "keep"` recording after its ResourceExpiredHour window records it as
  // "ended" with the warning "has ended", although the service says it is past its window and still recording;
  // destroy then skips it silently. read and delete say "unmanageable" / "past its ResourceExpiredHour window".
  it("reports a kept recording changed after its window as unmanageable, not ended", async () => {
    const news = { __logicalName: "kept", ...cloudArgs({ roomId: "9200", whenEnded: "keep", resourceExpiredHour: 6 }) };
    const checked = (await cloud.check({}, news)).inputs as Props;
    const created = await cloud.create(checked);
    emulator.advanceClock(6 * 3600 + 1);
    const changed = (await cloud.check(checked, { ...news, mixLayoutParams: { mixLayoutMode: 1 } })).inputs as Props;
    const updated = (await cloud.update(created.id, created.outs as Props, changed)) as Result;
    expect(running().map((t) => t.taskId)).toEqual([created.id]);
    expect(warnings.join("\n")).toContain("ResourceExpiredHour");
    expect((updated.outs as Props).status).toBe("unmanageable");
  });
});
