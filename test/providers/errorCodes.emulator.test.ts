// Every error code the seven actions document (Go SDK client.go lists, emulator/errorCodes.ts), injected into the
// emulator, against the providers called directly: is it treated as "the task is gone", retried, or fatal, and what
// message does the user see? The expectations are what the code means, not what the provider happens to do:
// - gone: ResourceNotFound ("The resource does not exist") and FailedOperation.TaskNotExist ("The run does not exist
//   or is stopped");
// - retried: InternalError.CRInternalError ("On-cloud recording internal error"), an internal error like the common
//   InternalError that every official SDK's retry guidance treats as transient;
// - fatal: everything else (authorisation, capability, quota, parameter errors): retrying cannot change the answer.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Emulator } from "../../emulator";
import { DOCUMENTED_ERRORS, describeCode } from "../../emulator/errorCodes";
import type { ActionName } from "../../provider/api/actions";
import * as cloud from "../../provider/cloudRecordingProvider";
import { TrtcApiError } from "../../provider/errors";
import * as web from "../../provider/webRecordingProvider";
import { CREDENTIALS, call, SDK_APP_ID, startTestEmulator, useEmulator, webBody } from "../emulator/helpers";
import { checked, configureProviders, emulatorValues } from "./configure";

type Props = Record<string, unknown>;
type Handling = "gone" | "retried" | "fatal";

const SDK_SECRET_KEY = "error-codes-sdk-secret-key";

const GONE = new Set(["ResourceNotFound", "FailedOperation.TaskNotExist"]);
const RETRIED = new Set(["InternalError.CRInternalError"]);

function expectedHandling(code: string): Handling {
  if (GONE.has(code)) return "gone";
  if (RETRIED.has(code)) return "retried";
  return "fatal";
}

// What the user should be told to do, for the codes whose fix is not in the service's own message.
const HINTS: Record<string, RegExp> = {
  "AuthFailure.UnauthorizedOperation": /CAM policy/,
  "FailedOperation.CRUnsupportMethod": /cloud recording scheme/,
  "FailedOperation.RestrictedConcurrency": /concurrent recording tasks/,
  "FailedOperation.NotAbility": /not enabled/,
  "FailedOperation.SdkAppIdNotUnderAppId": /does not belong/,
};

let emulator: Emulator;

useEmulator(
  (started) => {
    emulator = started;
  },
  { sdkSecretKey: SDK_SECRET_KEY },
);

beforeEach(async () => {
  const keys = { ...CREDENTIALS, sdkSecretKey: SDK_SECRET_KEY, sdkAppId: SDK_APP_ID };
  await configureProviders(emulatorValues(emulator.url, keys));
  // The providers warn (console.error) when they drop a task or retry; the assertions read their results.
  vi.spyOn(console, "error").mockImplementation(() => {});
  logStart = 0;
});

afterEach(() => {
  vi.restoreAllMocks();
});

const cloudNews = (extra: Props = {}): Props => ({
  __logicalName: "room",
  roomId: "3560",
  recordParams: { recordMode: 2 },
  storageParams: {
    cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "b-1250000000", accessKey: "a", secretKey: "s" },
  },
  ...extra,
});
const webNews = (): Props => ({
  __logicalName: "page",
  recordUrl: "https://example.com/board",
  storageParams: { cloudVod: { tencentVod: { mediaType: 0 } } },
});

function inject(action: ActionName, code: string): void {
  emulator.setFault({ action, fault: "error", code });
}

let logStart = 0;
/** Marks where the calls a test looks at begin (the setup's own calls come before). */
const markLog = () => {
  logStart = emulator.requests().length;
};
const codesOf = (action: ActionName) =>
  emulator
    .requests()
    .slice(logStart)
    .filter((r) => r.action === action)
    .map((r) => r.code);

/** The error a fatal code surfaces: the code, the action, the service's message, and a hint where one helps. */
async function expectFatal(run: Promise<unknown>, action: ActionName, code: string): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(TrtcApiError.isInstance(error), `${code} should fail the operation`).toBe(true);
  const apiError = error as TrtcApiError;
  expect(apiError.code).toBe(code);
  expect(apiError.message).toContain(`${action} failed: ${code}: ${describeCode(code).replace(/\.$/, "")}`);
  expect(apiError.message).toMatch(/\(RequestId [0-9a-f-]{36}\)/);
  const hint = HINTS[code];
  if (hint) expect(apiError.message).toMatch(hint);
  // One call: a fatal answer is never repeated.
  expect(codesOf(action)).toEqual([code]);
}

function casesOf(action: ActionName): Array<[string, Handling]> {
  return DOCUMENTED_ERRORS[action].map((code) => [code, expectedHandling(code)]);
}

describe("CreateCloudRecording (create)", () => {
  it.each(casesOf("CreateCloudRecording"))("%s: %s", async (code, handling) => {
    const inputs = await checked(cloud, cloudNews());
    inject("CreateCloudRecording", code);
    if (handling === "retried") {
      const { id } = await cloud.create(inputs);
      expect(codesOf("CreateCloudRecording")).toEqual([code, "OK"]);
      expect(emulator.task(id)?.running).toBe(true);
      return;
    }
    await expectFatal(cloud.create(inputs), "CreateCloudRecording", code);
    expect(emulator.tasks()).toEqual([]);
  });
});

describe("DescribeCloudRecording (read)", () => {
  it.each(casesOf("DescribeCloudRecording"))("%s: %s", async (code, handling) => {
    const { id, outs } = await cloud.create(await checked(cloud, cloudNews()));
    markLog();
    inject("DescribeCloudRecording", code);
    const read = cloud.read(id, outs as Props);
    if (handling === "gone") {
      // Dropped from state (whenEnded defaults to "recreate"): the next `pulumi up` starts a new recording.
      expect(await read).toEqual({});
    } else if (handling === "retried") {
      expect((await read).props).toMatchObject({ taskId: id });
      expect(codesOf("DescribeCloudRecording")).toEqual([code, "OK"]);
    } else {
      await expectFatal(read, "DescribeCloudRecording", code);
    }
  });
});

describe("ModifyCloudRecording (update in place)", () => {
  it.each(casesOf("ModifyCloudRecording"))("%s: %s", async (code, handling) => {
    const inputs = await checked(cloud, cloudNews({ mixLayoutParams: { mixLayoutMode: 3 } }));
    const { id, outs } = await cloud.create(inputs);
    const news = await checked(cloud, cloudNews({ mixLayoutParams: { mixLayoutMode: 1 } }), inputs);
    markLog();
    inject("ModifyCloudRecording", code);
    const update = cloud.update(id, outs as Props, news);
    const modifyCodes = () => codesOf("ModifyCloudRecording");
    if (handling === "gone") {
      // A task that ended cannot change in place: the user is told to refresh, then up.
      await expect(update).rejects.toThrow(/has ended, so it cannot be changed in place.*pulumi refresh/);
    } else if (handling === "retried") {
      await update;
      expect(modifyCodes()).toEqual([code, "OK"]);
      expect(emulator.task(id)?.request.MixLayoutParams).toEqual({ MixLayoutMode: 1 });
    } else {
      const error = await update.then(
        () => undefined,
        (e: unknown) => e as TrtcApiError,
      );
      expect(error?.code).toBe(code);
      expect(error?.message).toContain(`ModifyCloudRecording failed: ${code}: `);
      if (HINTS[code]) expect(error?.message).toMatch(HINTS[code] as RegExp);
      expect(modifyCodes()).toEqual([code]);
    }
  });
});

describe("DeleteCloudRecording (delete)", () => {
  it.each(casesOf("DeleteCloudRecording"))("%s: %s", async (code, handling) => {
    const { id, outs } = await cloud.create(await checked(cloud, cloudNews()));
    markLog();
    inject("DeleteCloudRecording", code);
    const deleted = cloud.delete(id, outs as Props);
    if (handling === "gone") {
      await deleted;
      expect(codesOf("DeleteCloudRecording")).toEqual([code]);
      // The service said the task is gone; the provider takes its word and stops nothing else.
      expect(emulator.task(id)?.running).toBe(true);
    } else if (handling === "retried") {
      await deleted;
      expect(codesOf("DeleteCloudRecording")).toEqual([code, "OK"]);
      expect(emulator.task(id)).toMatchObject({ running: false, endReason: "deleted" });
    } else {
      await expectFatal(deleted, "DeleteCloudRecording", code);
    }
  });
});

describe("StartWebRecord (create)", () => {
  const cases = casesOf("StartWebRecord").filter(([code]) => code !== "FailedOperation.TaskExist");

  it.each(cases)("%s: %s", async (code) => {
    const inputs = await checked(web, webNews());
    inject("StartWebRecord", code);
    await expectFatal(web.create(inputs), "StartWebRecord", code);
    expect(emulator.tasks()).toEqual([]);
  });

  it("FailedOperation.TaskExist whose holder ended before it could be read: starts once more", async () => {
    const inputs = await checked(web, webNews());
    const first = await web.create(inputs);
    markLog();
    // The start is refused as if the holder still ran, but by the time it is looked up it has ended.
    emulator.setFault({ action: "StartWebRecord", fault: "error", code: "FailedOperation.TaskExist" });
    await web.delete(first.id, first.outs as Props);
    const again = await web.create(inputs);
    expect(again.id).not.toBe(first.id);
    expect(codesOf("StartWebRecord")).toEqual(["FailedOperation.TaskExist", "OK"]);
  });

  it("FailedOperation.TaskExist: takes over the running task that holds the RecordId", async () => {
    const inputs = await checked(web, webNews());
    const held = await call(emulator.url, "StartWebRecord", webBody({ RecordId: inputs.recordId }));
    const { id } = await web.create(inputs);
    expect(id).toBe(held.response.TaskId);
    expect(codesOf("StartWebRecord")).toEqual(["OK", "FailedOperation.TaskExist"]);
  });
});

describe("DescribeWebRecord (read)", () => {
  it.each(casesOf("DescribeWebRecord"))("%s: %s", async (code, handling) => {
    const { id, outs } = await web.create(await checked(web, webNews()));
    markLog();
    inject("DescribeWebRecord", code);
    const read = web.read(id, outs as Props);
    if (handling === "gone") {
      expect(await read).toEqual({});
    } else {
      const error = await read.then(
        () => undefined,
        (e: unknown) => e as TrtcApiError,
      );
      expect(error?.code).toBe(code);
      expect(error?.message).toContain(`DescribeWebRecord failed: ${code}: ${describeCode(code)}`.replace(/\.$/, ""));
      expect(codesOf("DescribeWebRecord")).toEqual([code]);
    }
  });
});

describe("StopWebRecord (delete)", () => {
  it.each(casesOf("StopWebRecord"))("%s: %s", async (code, handling) => {
    const { id, outs } = await web.create(await checked(web, webNews()));
    markLog();
    inject("StopWebRecord", code);
    const deleted = web.delete(id, outs as Props);
    if (handling === "gone") {
      await deleted;
      expect(codesOf("StopWebRecord")).toEqual([code]);
    } else {
      await expectFatal(deleted, "StopWebRecord", code);
    }
  });
});

// The behaviours no source settles (emulator/README.md, "Assumptions"), under the emulator's other answer: the
// provider must still do the right thing, or the README says what a user does.
describe("under the assumptions' other answers", () => {
  let other: Emulator;

  async function useOther(options: Parameters<typeof startTestEmulator>[0]): Promise<void> {
    other = await startTestEmulator({ ...options, sdkSecretKey: SDK_SECRET_KEY });
    const keys = { ...CREDENTIALS, sdkSecretKey: SDK_SECRET_KEY, sdkAppId: SDK_APP_ID };
    await configureProviders(emulatorValues(other.url, keys));
  }

  afterEach(async () => {
    await other?.close();
  });

  it("modifyOmitted clear: an in-place change still keeps the other object, since both are always sent whole", async () => {
    await useOther({ modifyOmitted: "clear" });
    const layout = { mixLayoutMode: 3 };
    const inputs = await checked(cloud, cloudNews({ mixLayoutParams: layout }));
    const { id, outs } = await cloud.create(inputs);
    const subscriptions = { subscribeAudioUserIds: ["teacher"] };
    const news = await checked(
      cloud,
      cloudNews({ mixLayoutParams: layout, recordParams: { recordMode: 2, subscribeStreamUserIds: subscriptions } }),
      inputs,
    );
    await cloud.update(id, outs as Props, news);
    expect(other.task(id)?.request).toMatchObject({
      MixLayoutParams: { MixLayoutMode: 3 },
      RecordParams: { SubscribeStreamUserIds: { SubscribeAudioUserIds: ["teacher"] } },
    });
  });

  it("exitedSeconds: a task read while Exited is stopping; destroying it then succeeds", async () => {
    await useOther({ exitedSeconds: 60 });
    const { id, outs } = await cloud.create(await checked(cloud, cloudNews()));
    other.endTask(id);
    const read = await cloud.read(id, outs as Props);
    expect(read.props).toMatchObject({ status: "Exited" });
    await cloud.delete(id, read.props as Props);
    other.advanceClock(60);
    expect(await cloud.read(id, read.props as Props)).toEqual({});
  });

  it("expiredTaskError other than ResourceNotFound: past the window, refresh keeps the task as unmanageable and destroy warns", async () => {
    await useOther({ expiredTaskError: "FailedOperation.TaskFinished" });
    const inputs = await checked(cloud, cloudNews({ resourceExpiredHour: 6, whenEnded: "keep" }));
    const { id, outs } = await cloud.create(inputs);
    other.advanceClock(7 * 3600);
    const read = await cloud.read(id, outs as Props);
    expect(read.props).toMatchObject({ status: "unmanageable" });
    await cloud.delete(id, read.props as Props);
    expect(other.task(id)?.running).toBe(true);
  });

  it("an ended task's code other than ResourceNotFound: an unknown code still fails refresh, with the code", async () => {
    await useOther({ endedTaskError: "InvalidParameter.TaskId" });
    const { id, outs } = await cloud.create(await checked(cloud, cloudNews()));
    other.endTask(id);
    await expect(cloud.read(id, outs as Props)).rejects.toMatchObject({ code: "InvalidParameter.TaskId" });
  });

  it("recordIdReuse never: a RecordId whose task ended is refused with a message to set a new recordId", async () => {
    await useOther({ recordIdReuse: "never" });
    const inputs = await checked(web, webNews());
    const first = await web.create(inputs);
    await web.delete(first.id, first.outs as Props);
    const error = await web.create(inputs).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FailedOperation.TaskExist" });
    expect((error as Error).message).toMatch(/no running task holds it.*new recordId/);
    expect((error as Error).message).not.toMatch(/\.\./);
  });

  it("webMaxDurationSeconds 36000: a recording with no MaxDurationLimit ends after 10 h and is dropped", async () => {
    await useOther({ webMaxDurationSeconds: 36000 });
    const { id, outs } = await web.create(await checked(web, webNews()));
    other.advanceClock(36000);
    expect(await web.read(id, outs as Props)).toEqual({});
  });
});
