// Every documented callback example parses into its typed event, with the stage that tells "stopped" from "files
// ready"; bodies that are not events are refused; unknown events pass as `unknown`.
import { describe, expect, it } from "vitest";
import {
  CallbackParseError,
  callbackSignature,
  handleCallback,
  parseCallbackEvent,
  readyFiles,
  type TrtcCallbackEvent,
} from "../../provider/callbacks";
import { EXAMPLES, OLDER_311_EXAMPLE, SIGNATURE_EXAMPLE } from "./documented";

const parse = (body: string) => parseCallbackEvent(body);
const WEB_TASK = "-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE";

describe("documented cloud recording events (group 3)", () => {
  it("301: the recorder started; EventTs given as a string is read as a number", () => {
    expect(parse(EXAMPLES[301])).toMatchObject({
      type: "recorderStarted",
      eventGroupId: 3,
      eventType: 301,
      stage: "started",
      status: 0,
      taskId: "xx",
      roomId: "xx",
      robotUserId: "xx",
      callbackTs: 1622186275913,
      eventTime: 1622186275757,
    });
  });

  it("302: the recorder left, which is 'stopped', not 'files ready'", () => {
    const event = parse(EXAMPLES[302]);
    expect(event).toMatchObject({
      type: "recorderStopped",
      stage: "stopped",
      leaveCode: 0,
      leaveReason: "stoppedByApi",
    });
    expect(readyFiles(event)).toEqual([]);
  });

  it("302: every documented LeaveCode is named", () => {
    const reasons = [0, 1, 2, 3, 4, 99, 100, 101, 7].map((code) => {
      const event = parse(EXAMPLES[302].replace('"LeaveCode": 0', `"LeaveCode": ${code}`));
      return event.type === "recorderStopped" ? event.leaveReason : undefined;
    });
    expect(reasons).toEqual([
      "stoppedByApi",
      "removedByYou",
      "roomDismissedByYou",
      "removedByServer",
      "roomDismissedByServer",
      "idle",
      "roomTimeout",
      "replaced",
      "unknown",
    ]);
  });

  it("303: the upload module started; without EventMsTs the time comes from EventTs in seconds", () => {
    expect(parse(EXAMPLES[303])).toMatchObject({
      type: "uploadStarted",
      stage: "info",
      status: 0,
      roomId: "20015",
      eventTime: 1622191965000,
    });
    expect(parse(EXAMPLES[303].replace('"Status": 0', '"Status": 1'))).toMatchObject({ stage: "failed" });
  });

  it("304: the first M3U8 file, named in FileList (a string)", () => {
    const event = parse(EXAMPLES[304]);
    expect(event).toMatchObject({ type: "fileInfo", stage: "recording", fileName: "xx.m3u8" });
    expect(event.type === "fileInfo" && event.files.map((f) => f.fileName)).toEqual(["xx.m3u8"]);
  });

  it("305: the HLS upload is complete (Status 0 or 2), delayed (1); LeaveCode is read as well", () => {
    expect(parse(EXAMPLES[305])).toMatchObject({ type: "uploadStopped", stage: "filesReady", status: 0 });
    expect(parse(EXAMPLES[305].replace('"Status": 0', '"Status": 1'))).toMatchObject({ stage: "filesDelayed" });
    expect(parse(EXAMPLES[305].replace('"Status": 0', '"Status": 2'))).toMatchObject({ stage: "filesReady" });
    // /54914 names the field LeaveCode.
    expect(parse(EXAMPLES[305].replace('"Status": 0', '"LeaveCode": 1'))).toMatchObject({
      stage: "filesDelayed",
      status: 1,
    });
  });

  it("306: the task moved", () => {
    expect(parse(EXAMPLES[306])).toMatchObject({ type: "failover", stage: "info", status: 0 });
  });

  it("307: an M3U8 file began, with its user, track type and start time", () => {
    const event = parse(EXAMPLES[307]);
    expect(event).toMatchObject({ type: "fileSlice", stage: "recording" });
    expect(event.type === "fileSlice" && event.file).toEqual({
      fileName: "xx.m3u8",
      userId: "xx",
      trackType: "audio",
      mediaId: null,
      startTime: 1622186279144,
      endTime: null,
    });
  });

  it("308 and 309: errors the task survives", () => {
    expect(parse(EXAMPLES[308])).toMatchObject({ type: "uploadError", stage: "error", code: "xx", message: "xx" });
    expect(parse(EXAMPLES[309])).toMatchObject({ type: "imageDownloadError", stage: "error", url: "http://xx" });
  });

  it("310: the MP4 files are in COS, with FileMessage's details", () => {
    const event = parse(EXAMPLES[310]);
    expect(event).toMatchObject({ type: "mp4Stopped", stage: "filesReady", status: 0 });
    expect(readyFiles(event)).toEqual([
      {
        fileName: "xxxx1.mp4",
        userId: "xxxx",
        trackType: "audio_video",
        mediaId: "main",
        startTime: 1622186279145,
        endTime: 1622186282145,
      },
      {
        fileName: "xxxx2.mp4",
        userId: "xxxx",
        trackType: "audio_video",
        mediaId: "main",
        startTime: 1622186279153,
        endTime: 1622186282153,
      },
    ]);
    expect(parse(EXAMPLES[310].replace('"Status": 0', '"Status": 2'))).toMatchObject({ stage: "failed" });
  });

  it("310 without FileMessage: the names of FileList", () => {
    const body = `{"EventGroupId":3,"EventType":310,"EventInfo":{"TaskId":"t","Payload":{"Status":0,"FileList":["a.mp4","b.mp4"]}}}`;
    expect(readyFiles(parse(body)).map((f) => f.fileName)).toEqual(["a.mp4", "b.mp4"]);
  });

  it("311: one file is in VOD, with its FileId and playback URL", () => {
    const event = parse(EXAMPLES[311]);
    expect(event).toMatchObject({ type: "vodCommitted", stage: "filesReady", status: 0, errorMessage: null });
    expect(readyFiles(event)).toEqual([
      {
        fileName: "xxxx.mp4",
        userId: "xx",
        trackType: "audio_video",
        mediaId: "main",
        startTime: 1622186279153,
        endTime: 1622186282153,
        vodFileId: "xxxx",
        vodUrl: "http://xxxx",
      },
    ]);
  });

  it("311 failed upload: not ready, with Errmsg and the file it concerns", () => {
    const event = parse(EXAMPLES["311-failed"]);
    expect(event).toMatchObject({ type: "vodCommitted", stage: "filesDelayed", status: 1, errorMessage: "xxx" });
    expect(event.type === "vodCommitted" && event.file?.fileName).toBe("xxx.mp4");
    expect(readyFiles(event)).toEqual([]);
  });

  it("311 in the older form (no Status, fields in Payload) reads as an uploaded file", () => {
    const event = parse(OLDER_311_EXAMPLE);
    expect(event).toMatchObject({ type: "vodCommitted", stage: "filesReady", status: 0 });
    expect(readyFiles(event)).toMatchObject([
      { fileName: "xxxxxx", userId: "anchor1", trackType: "video", vodFileId: "xxxxx", vodUrl: "http://xxxxx" },
    ]);
  });

  it("312: the VOD task is over: 'completed', no further file follows", () => {
    expect(parse(EXAMPLES[312])).toMatchObject({ type: "vodStopped", stage: "completed", status: 0 });
    expect(parse(EXAMPLES[312].replace('"Status": 0', '"Status": 1'))).toMatchObject({ stage: "failed" });
  });

  it("a numeric RoomId reads as its string", () => {
    const event = parse(EXAMPLES[306].replace('"RoomId": "20015"', '"RoomId": 20015'));
    expect(event).toMatchObject({ roomId: "20015" });
  });
});

describe("documented web page recording events (group 8)", () => {
  it("801: started; 2 and 5 failed; 3 and 4 are handled by the service", () => {
    expect(parse(EXAMPLES[801])).toMatchObject({
      type: "webRecorderStarted",
      eventGroupId: 8,
      stage: "started",
      status: 1,
      message: "Success",
      taskId: WEB_TASK,
      eventTime: 1622186275757,
    });
    const stages = [2, 3, 4, 5].map((s) => parse(EXAMPLES[801].replace('"Status": 1', `"Status": ${s}`)).stage);
    expect(stages).toEqual(["failed", "info", "info", "failed"]);
  });

  it("802: stopped (the files follow as 311 and 312)", () => {
    expect(parse(EXAMPLES[802])).toMatchObject({ type: "webRecorderStopped", stage: "stopped", status: 1 });
  });

  it("803: page refreshed, paused, resumed", () => {
    const updates = [1, 2, 3].map((s) => {
      const event = parse(EXAMPLES[803].replace('"Status": 1', `"Status": ${s}`));
      return event.type === "webStatusUpdated" ? event.update : undefined;
    });
    expect(updates).toEqual(["pageRefreshed", "paused", "resumed"]);
    expect(parse(EXAMPLES[803])).toMatchObject({ stage: "info", message: "PageRefresh" });
  });

  it("804: ended by a limit, which is 'stopped'", () => {
    expect(parse(EXAMPLES[804])).toMatchObject({
      type: "webResourceLimited",
      stage: "stopped",
      limit: "maxDuration",
      message: "Over time limit",
    });
    expect(parse(EXAMPLES[804].replace('"Status": 1', '"Status": 2'))).toMatchObject({ limit: "resolution" });
  });
});

describe("other bodies", () => {
  it("an event of another group (the signature example, group 2) or a new type is 'unknown', not an error", () => {
    expect(parse(SIGNATURE_EXAMPLE.body)).toMatchObject({
      type: "unknown",
      eventGroupId: 2,
      eventType: 204,
      stage: "info",
      taskId: null,
      eventTime: 1664209748180,
    });
    expect(parse(EXAMPLES[312].replace('"EventType": 312', '"EventType": 399'))).toMatchObject({
      type: "unknown",
      taskId: "xx",
    });
  });

  it("refuses what is not an event", () => {
    for (const body of [
      "not json",
      "[1,2]",
      "null",
      '{"EventType":301,"EventInfo":{"TaskId":"t"}}',
      '{"EventGroupId":3,"EventType":"start","EventInfo":{"TaskId":"t"}}',
      '{"EventGroupId":3,"EventType":301.5,"EventInfo":{"TaskId":"t"}}',
      '{"EventGroupId":3,"EventType":301,"EventInfo":"x"}',
      '{"EventGroupId":3,"EventType":301,"EventInfo":{"Payload":{}}}',
      '{"EventGroupId":8,"EventType":801,"EventInfo":{"TaskId":""}}',
    ]) {
      expect(() => parse(body), body).toThrow(CallbackParseError);
    }
  });

  it("answers a signed non-event with 400 malformed-body", () => {
    const key = "k3y";
    const result = handleCallback("not json", { sign: callbackSignature("not json", key) }, key);
    expect(result).toMatchObject({ ok: false, status: 400, reason: "malformed-body" });
  });

  it("keeps every field in raw, and gives redeliveries of one event one deliveryKey", () => {
    const first = parse(EXAMPLES[311]);
    expect((first.raw.EventInfo as Record<string, unknown>).TaskId).toBe("xx");
    // A redelivery with a new CallbackTs is the same event.
    const again = parse(EXAMPLES[311].replace("1622191965320", "1622191975320"));
    expect(again.deliveryKey).toBe(first.deliveryKey);
    const other = parse(EXAMPLES[311].replace('"CacheFile": "xxxx.mp4"', '"CacheFile": "yyyy.mp4"'));
    expect(other.deliveryKey).not.toBe(first.deliveryKey);
    expect(parse(EXAMPLES[312]).deliveryKey).not.toBe(first.deliveryKey);
  });
});

describe("handleCallback options", () => {
  const key = "CallbackKey42";
  const body = EXAMPLES[301];
  const headers = (sdkAppId?: string) => ({
    sign: callbackSignature(body, key),
    ...(sdkAppId === undefined ? {} : { sdkappid: sdkAppId }),
  });

  it("reads SdkAppId from the header", () => {
    const result = handleCallback(body, headers("1400000000"), key);
    expect(result.ok && result.event.sdkAppId).toBe(1400000000);
  });

  it("sdkAppIds: refuses another application, or none (403)", () => {
    expect(handleCallback(body, headers("1400000000"), key, { sdkAppIds: [1400000000] }).ok).toBe(true);
    for (const h of [headers("1400000001"), headers()]) {
      expect(handleCallback(body, h, key, { sdkAppIds: [1400000000] })).toMatchObject({
        ok: false,
        status: 403,
        reason: "unexpected-app",
      });
    }
  });

  it("maxAgeMs: refuses a callback sent too long ago (a replay)", () => {
    const sentAt = 1622186275913;
    const at = (now: number) => handleCallback(body, headers(), key, { maxAgeMs: 300_000, now: () => now });
    expect(at(sentAt + 299_000).ok).toBe(true);
    expect(at(sentAt + 301_000)).toMatchObject({ ok: false, status: 401, reason: "stale" });
  });

  it("narrows on type", () => {
    const result = handleCallback(EXAMPLES[311], { sign: callbackSignature(EXAMPLES[311], key) }, key);
    if (!result.ok) throw new Error(result.message);
    const event: TrtcCallbackEvent = result.event;
    // Compiles only because `type` discriminates the union.
    const url = event.type === "vodCommitted" ? event.file?.vodUrl : undefined;
    expect(url).toBe("http://xxxx");
  });
});
