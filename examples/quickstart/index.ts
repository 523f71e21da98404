// Quickstart: a mixed-stream recording of a room to VOD in a nine-grid layout, and a recording of a web page
// (a shared whiteboard) to COS. Change `layoutMode` in config and `pulumi up` updates the layout in place.
import * as pulumi from "@pulumi/pulumi";
import {
  CloudRecording,
  MixLayoutMode,
  RecordMode,
  StreamType,
  Vendor,
  WebRecordFormat,
  WebRecording,
} from "pulumi-trtc";

const config = new pulumi.Config();
const roomId = config.get("roomId") ?? "3560";

const classroom = new CloudRecording("classroom", {
  roomId,
  recordParams: { recordMode: RecordMode.Mixed, streamType: StreamType.AudioAndVideo, maxIdleTime: 120 },
  mixTranscodeParams: { videoParams: { width: 1280, height: 720, fps: 15, bitRate: 1_500_000, gop: 10 } },
  mixLayoutParams: {
    mixLayoutMode:
      config.getNumber("layoutMode") === MixLayoutMode.Floating ? MixLayoutMode.Floating : MixLayoutMode.NineGrid,
    backGroundColor: "#101820",
  },
  storageParams: { cloudVod: { tencentVod: { expireTime: 0 } } },
});

const whiteboard = new WebRecording("whiteboard", {
  recordUrl: config.get("pageUrl") ?? `https://whiteboard.example.com/rooms/${roomId}`,
  // Web-page recording is only offered in ap-singapore on the international site.
  region: "ap-singapore",
  maxDurationLimit: 7200,
  webRecordVideoParams: { width: 1280, height: 720, format: WebRecordFormat.Mp4 },
  storageParams: {
    cloudStorage: {
      vendor: Vendor.TencentCos,
      region: "ap-singapore",
      bucket: config.get("bucket") ?? "recordings-1250000000",
      accessKey: config.requireSecret("cosSecretId"),
      secretKey: config.requireSecret("cosSecretKey"),
      fileNamePrefix: ["whiteboard", roomId],
    },
  },
});

export const classroomTaskId = classroom.taskId;
export const classroomStatus = classroom.status;
export const classroomRobot = classroom.userId;
export const whiteboardTaskId = whiteboard.taskId;
export const whiteboardStatus = whiteboard.status;
