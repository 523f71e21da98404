// Every request example published for the seven recording actions, on both sites, verbatim: the `examples.json` of
// tccli's services/trtc/v20190722 in TencentCloud/tencentcloud-cli (China site, commit 6e53beb5) and
// TencentCloud/tencentcloud-cli-intl-en (international site, commit 94ed72eb). The API pages
// (https://www.tencentcloud.com/document/api/647/46960 and the others) show the same examples.

import type { ActionName } from "../../provider/api/actions";
import type { Site } from "../../provider/api/sites";

export const OFFICIAL_EXAMPLES: Record<Site, Record<ActionName, Array<Record<string, unknown>>>> = {
  china: {
    CreateCloudRecording: [
      {
        StorageParams: {
          CloudVod: {
            TencentVod: {
              ExpireTime: 0,
            },
          },
        },
        UserSig: "eJw1jcEKgkAURX9FZlvYc3SaC***PiwmafL9rfNX4_",
        UserId: "10001",
        RecordParams: {
          MaxIdleTime: 60,
          StreamType: 0,
          RecordMode: 2,
        },
        RoomIdType: 1,
        MixTranscodeParams: {
          VideoParams: {
            Width: 360,
            BitRate: 500000,
            Fps: 15,
            Height: 640,
            Gop: 10,
          },
        },
        MixLayoutParams: {
          MixLayoutMode: 3,
        },
        SdkAppId: 1400188366,
        RoomId: "3560",
      },
    ],
    ModifyCloudRecording: [
      {
        SubscribeStreamUserIds: {
          SubscribeVideoUserIds: ["user1", "user2"],
          SubscribeAudioUserIds: ["user1", "user2"],
        },
        TaskId: "-m9-bVVU7gzdSqvsV***Y+QMYNee2QE.",
        SdkAppId: 1400188366,
        MixLayoutParams: {
          MixLayoutMode: 4,
          MixLayoutList: [
            {
              Top: 100,
              UserId: "user1",
              Height: 100,
              Width: 100,
              Left: 100,
            },
            {
              Top: 200,
              UserId: "user2",
              Height: 100,
              Width: 100,
              Left: 200,
            },
          ],
        },
      },
    ],
    DescribeCloudRecording: [
      {
        TaskId: "m9-bVVU7nhKM5X3GsED6KNGVG********ndibWSn631uT6pbhE4PcPDSsggE.",
        SdkAppId: 1400188366,
      },
    ],
    DeleteCloudRecording: [
      {
        TaskId: "-m9-bVVU7gzdSqvsV***Y+QMYNee2QE.",
        SdkAppId: 1400188366,
      },
    ],
    StartWebRecord: [
      {
        RecordUrl:
          "https://webrtc-troubleshooting-demo-1258344699.cos-website.ap-guangzhou.myqcloud.com/whip-demos/test_webrecorder.html?video_count=1&video_resolution=720",
        StorageParams: {
          CloudStorage: {
            Vendor: 0,
            Region: "ap-nanjing",
            Bucket: "***************************************",
            AccessKey: "************************************",
            SecretKey: "KN9espVu2tUoreAPN4UJr89tNaWDeqmR",
            FileNamePrefix: ["isaaccheng"],
          },
        },
        SdkAppId: 1400188366,
        WebRecordVideoParams: {
          Width: 1280,
          Height: 720,
          Format: "mp4",
        },
      },
    ],
    DescribeWebRecord: [
      {
        TaskId: "HMLm5HWNuUAXSb0gTEOx0z1x+nLMZNjXrY3keyUSvu7uu8mF9O656uNtbUtvaWLkpMY134jTN2Ix4vuqgOJ68nQ8tho3ri",
      },
    ],
    StopWebRecord: [
      {
        TaskId:
          "dhze2exwGcZr+H5zWWXz2iwDFHCMwAt3jdEqk0A1wVJ13kfr4ZmnqxDt1PMMA7XPdRKxJFoYwlP85sCQdCY0GUmLfy4tmlZAkWvYUZun9mmAJi9s-T4MPRFygnj3nQ..",
      },
    ],
  },
  intl: {
    CreateCloudRecording: [
      {
        StorageParams: {
          CloudVod: {
            TencentVod: {
              ExpireTime: 0,
            },
          },
        },
        UserSig: "eJw1jcEKgkAURX9FZlvYc3SaC***PiwmafL9rfNX4_",
        UserId: "10001",
        RecordParams: {
          MaxIdleTime: 60,
          StreamType: 0,
          RecordMode: 2,
        },
        RoomIdType: 1,
        MixTranscodeParams: {
          VideoParams: {
            Width: 360,
            BitRate: 500000,
            Fps: 15,
            Height: 640,
            Gop: 10,
          },
        },
        MixLayoutParams: {
          MixLayoutMode: 3,
        },
        SdkAppId: 1400188366,
        RoomId: "3560",
      },
    ],
    ModifyCloudRecording: [
      {
        SubscribeStreamUserIds: {
          SubscribeVideoUserIds: ["123", "456"],
          SubscribeAudioUserIds: ["123", "456"],
        },
        TaskId: "xx",
        SdkAppId: 1234,
        MixLayoutParams: {
          MixLayoutMode: 4,
          MixLayoutList: [
            {
              Top: 100,
              UserId: "123",
              Height: 100,
              Width: 100,
              Left: 100,
            },
            {
              Top: 200,
              UserId: "456",
              Height: 100,
              Width: 100,
              Left: 200,
            },
          ],
        },
      },
    ],
    DescribeCloudRecording: [
      {
        TaskId: "xx",
        SdkAppId: 1234,
      },
    ],
    DeleteCloudRecording: [
      {
        TaskId: "xx",
        SdkAppId: 1234,
      },
    ],
    StartWebRecord: [
      {
        RecordUrl: "https://web-record-xxxxx.cos.ap-xxx.myqcloud.com/xxxx/xxx.mp4",
        StorageParams: {
          CloudStorage: {
            Vendor: 0,
            Bucket: "webrecord-1234589",
            Region: "ap-chengdu",
            AccessKey: "AKxxxxxx",
            SecretKey: "Idxxxxxx",
            FileNamePrefix: ["record", "video"],
          },
        },
        SdkAppId: 1600011111,
        MaxDurationLimit: 3600,
        WebRecordVideoParams: {
          Width: 1280,
          Height: 720,
          Format: "mp4",
        },
      },
    ],
    DescribeWebRecord: [
      {
        TaskId: "HMLm5HWNuUAXSb0gTEOx0z1x+nLMZNjXrY3keyUSvu7uu8mF9O656uNtbUtvaWLkpMY134jTN2Ix4vuqgOJ68nQ8tho3ri",
      },
    ],
    StopWebRecord: [
      {
        TaskId: "HMLm5HWNuUAXSb0gTEOx0z1x+nLMZNjXrY3keyUSvu7uu8mF9O656uNtbUtvaWLkpMY134jTN2Ix4vuqgOJ68nQ8tho3ri",
      },
    ],
  },
};
