// Single-stream recording: each anchor on the allowlist is recorded to its own files in COS, under a
// `courses/<room>/` prefix. The storage keys come from secret stack config and stay encrypted in state.
import * as pulumi from "@pulumi/pulumi";
import { AvMerge, CloudRecording, OutputFormat, RecordMode, Vendor } from "pulumi-trtc";

const config = new pulumi.Config();
const roomId = config.require("roomId");
const anchors = config.requireObject<string[]>("anchors");

const lecture = new CloudRecording("lecture", {
  roomId,
  recordParams: {
    recordMode: RecordMode.SingleStream,
    outputFormat: OutputFormat.Mp4,
    avMerge: AvMerge.Merged,
    maxMediaFileDuration: 60,
    maxIdleTime: 300,
    // Only these users are recorded; changing the list updates the running recording in place.
    subscribeStreamUserIds: { subscribeAudioUserIds: anchors, subscribeVideoUserIds: anchors },
  },
  storageParams: {
    cloudStorage: {
      vendor: Vendor.TencentCos,
      region: config.get("cosRegion") ?? "ap-singapore",
      bucket: config.require("bucket"),
      accessKey: config.requireSecret("cosSecretId"),
      secretKey: config.requireSecret("cosSecretKey"),
      fileNamePrefix: ["courses", roomId.replace(/[^A-Za-z0-9_-]/g, "_")],
    },
  },
  // Long lectures: keep the task manageable (stoppable by `pulumi destroy`) for a week.
  resourceExpiredHour: 168,
});

export const taskId = lecture.taskId;
export const status = lecture.status;
export const manageableUntil = lecture.manageableUntil;
export const files = lecture.storageFiles;
