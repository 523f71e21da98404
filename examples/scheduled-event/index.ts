// The event stack: records one event's room. A schedule declared by ./control runs `pulumi up` on this stack
// when the event starts and a TTL schedule destroys it when the event ends (see README.md).
// Event details come from stack config, or from the environment the scheduled deployment sets.
import * as pulumi from "@pulumi/pulumi";
import { CloudRecording, MixLayoutMode, RecordMode, WhenEnded } from "pulumi-trtc";

const config = new pulumi.Config();
const setting = (key: string, env: string) => config.get(key) ?? process.env[env] ?? config.require(key);

const roomId = setting("roomId", "EVENT_ROOM_ID");
const start = Date.parse(setting("eventStart", "EVENT_START"));
const end = Date.parse(setting("eventEnd", "EVENT_END"));
if (!(end > start)) throw new Error("eventEnd must be a date after eventStart (ISO 8601)");

const recording = new CloudRecording("event", {
  roomId,
  recordParams: {
    recordMode: RecordMode.Mixed,
    // Breaks shorter than ten minutes keep the same recording running.
    maxIdleTime: 600,
  },
  mixLayoutParams: { mixLayoutMode: MixLayoutMode.NineGrid },
  mixTranscodeParams: { videoParams: { width: 1280, height: 720, fps: 15, bitRate: 1_200_000, gop: 10 } },
  storageParams: { cloudVod: { tencentVod: { expireTime: 0, procedure: config.get("vodProcedure") } } },
  // The event's end: the task's management window (ResourceExpiredHour) is derived from it when the recording
  // starts, so the TTL destroy can still stop it, and preview refuses an event that is over or too far away.
  endsAt: new Date(end).toISOString(),
  // While the event runs, a recording that ended (a break longer than maxIdleTime) is started again by the next
  // `pulumi up --refresh`; once it is over, an ended recording stays ended, so a late or retried run never
  // starts recording an empty room. Changing this setting never calls the API.
  whenEnded: Date.now() < end ? WhenEnded.Recreate : WhenEnded.Keep,
});

export const taskId = recording.taskId;
export const status = recording.status;
export const manageableUntil = recording.manageableUntil;
