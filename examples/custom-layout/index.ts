// A custom layout: the speaker large on the left, the screen share on the right, a logo, a caption and a clock.
// Switch `layout` between "side-by-side" and "picture-in-picture" and `pulumi up` changes the running recording
// in place (ModifyCloudRecording); nothing restarts.
import * as pulumi from "@pulumi/pulumi";
import {
  CloudRecording,
  MixLayoutMode,
  RecordMode,
  RenderMode,
  StreamMediaId,
  WaterMarkPosition,
  WaterMarkType,
} from "pulumi-trtc";

const config = new pulumi.Config();
const speaker = config.get("speaker") ?? "teacher";
const layout = config.get("layout") ?? "side-by-side";
const canvas = { width: 1920, height: 1080 };

const pictures =
  layout === "picture-in-picture"
    ? [
        {
          userId: speaker,
          mediaId: StreamMediaId.Auxiliary,
          top: 0,
          left: 0,
          width: 1920,
          height: 1080,
          imageLayer: 0,
        },
        { userId: speaker, top: 760, left: 1500, width: 400, height: 300, imageLayer: 1, renderMode: RenderMode.Crop },
      ]
    : [
        { userId: speaker, top: 0, left: 0, width: 960, height: 1080, renderMode: RenderMode.Crop },
        { userId: speaker, mediaId: StreamMediaId.Auxiliary, top: 0, left: 960, width: 960, height: 1080 },
      ];

const recording = new CloudRecording("webinar", {
  roomId: config.require("roomId"),
  recordParams: { recordMode: RecordMode.Mixed, maxIdleTime: 60 },
  mixTranscodeParams: {
    videoParams: { ...canvas, fps: 25, bitRate: 3_000_000, gop: 2 },
    audioParams: { sampleRate: 1, channel: 2, bitRate: 128_000 },
  },
  mixLayoutParams: {
    mixLayoutMode: MixLayoutMode.Custom,
    backGroundColor: "#000000",
    mixLayoutList: pictures,
    waterMarkList: [
      {
        waterMarkType: WaterMarkType.Image,
        waterMarkImage: {
          waterMarkUrl: "https://static.example.com/brand/logo.png",
          top: 24,
          left: 24,
          width: 160,
          height: 60,
        },
      },
      {
        waterMarkType: WaterMarkType.Text,
        waterMarkChar: {
          chars: config.get("caption") ?? "Live webinar",
          top: 1010,
          left: 24,
          width: 800,
          height: 50,
          fontSize: 32,
        },
      },
      { waterMarkType: WaterMarkType.Timestamp, waterMarkTimestamp: { pos: WaterMarkPosition.TopRight, timeZone: 0 } },
    ],
  },
  storageParams: { cloudVod: { tencentVod: { mediaType: 0 } } },
});

export const taskId = recording.taskId;
export const status = recording.status;
export const activeLayout = layout;
