// Names for the API's numeric codes, so programs read `RecordMode.Mixed` rather than `2`.
// https://www.tencentcloud.com/document/api/647/36760 (data types).

/** `recordParams.recordMode` */
export const RecordMode = { SingleStream: 1, Mixed: 2 } as const;

/** `recordParams.streamType` */
export const StreamType = { AudioAndVideo: 0, AudioOnly: 1, VideoOnly: 2 } as const;

/** `recordParams.outputFormat` (COS / S3 storage) */
export const OutputFormat = { Hls: 0, HlsAndMp4: 1, HlsAndAac: 2, Mp4: 3, Aac: 4 } as const;

/** `recordParams.mediaId`: which streams are recorded. */
export const RecordMediaId = { MainAndAuxiliary: 0, MainOnly: 1, AuxiliaryOnly: 2 } as const;

/** `mediaId` of a picture or of `maxResolutionUserId`: which stream of the user is shown. */
export const StreamMediaId = { Main: 0, Auxiliary: 1 } as const;

/** `recordParams.avMerge` */
export const AvMerge = { Separate: 0, Merged: 1 } as const;

/** `recordParams.fillType` */
export const FillType = { LastFrame: 0, Black: 1 } as const;

/** `recordParams.subscribeAbility` and other on/off switches. */
export const Switch = { Off: 0, On: 1 } as const;

/** `roomIdType` */
export const RoomIdType = { String: 0, Integer: 1 } as const;

/** `mixLayoutParams.mixLayoutMode` */
export const MixLayoutMode = { Floating: 1, ScreenShare: 2, NineGrid: 3, Custom: 4 } as const;

/** `renderMode`, `backgroundImageRenderMode` */
export const RenderMode = { Stretch: 0, Crop: 1, Letterbox: 2, SmartStretch: 3 } as const;

/** `mixLayoutParams.maxResolutionUserAlign` */
export const MaxResolutionUserAlign = { Left: 0, Right: 1 } as const;

/** `waterMarkList[].waterMarkType` */
export const WaterMarkType = { Image: 0, Text: 1, Timestamp: 2 } as const;

/** `waterMarkTimestamp.pos` */
export const WaterMarkPosition = {
  TopLeft: 0,
  TopRight: 1,
  BottomLeft: 2,
  BottomRight: 3,
  TopCentre: 4,
  BottomCentre: 5,
  Centre: 6,
} as const;

/** `audioParams.sampleRate` */
export const SampleRate = { Hz48000: 1, Hz44100: 2, Hz16000: 3 } as const;

/** `audioParams.channel` */
export const AudioChannel = { Mono: 1, Stereo: 2 } as const;

/** `cloudStorage.vendor` */
export const Vendor = { TencentCos: 0, AwsS3: 1 } as const;

/** `tencentVod.mediaType` */
export const VodMediaType = { Mp4: 0, Hls: 1, Aac: 2, HlsAndMp4: 3, HlsAndAac: 4 } as const;

/** `publishCdnParams[].isTencentCdn` */
export const CdnType = { ThirdParty: 0, Tencent: 1 } as const;

/** `emulateMobileParams.mobileDeviceType` */
export const MobileDeviceType = { Phone: 0, Tablet: 1 } as const;

/** `emulateMobileParams.screenOrientation` */
export const ScreenOrientation = { Portrait: 0, Landscape: 1 } as const;

/** `webRecordVideoParams.format` */
export const WebRecordFormat = { Hls: "hls", Mp4: "mp4" } as const;

/** `whenEnded`: what refresh does with a recording that ended by itself. */
export const WhenEnded = { Recreate: "recreate", Keep: "keep" } as const;
