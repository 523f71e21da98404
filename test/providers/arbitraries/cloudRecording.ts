// Generators of valid CloudRecording inputs across the whole documented space: both room id kinds, recordParams with
// allow and block lists, transcoding, layouts inside the resulting canvas, both storage kinds, both sites.

import fc from "fast-check";
import { extras, optionalRecord, type Props, region, type Site, text, token } from "./fields";
import { type Canvas, DEFAULT_CANVAS, mixLayoutParams } from "./layout";
import { storageParams } from "./storage";

const numericRoom = fc.integer({ min: 1, max: 4_294_967_294 }).map(String);
const stringRoom = fc
  .array(fc.constantFrom(..."ABCxyz0189 !#$%&()+-:;<=.>?@[]^_{}|~,"), { minLength: 1, maxLength: 64 })
  .map((chars) => chars.join(""));

const userIdList = fc.oneof(
  { arbitrary: fc.array(text(64), { maxLength: 4 }), weight: 9 },
  { arbitrary: fc.array(text(64), { minLength: 32, maxLength: 32 }), weight: 1 },
);

/** Allow or block lists per media, never both non-empty for one medium. */
const subscribeStreamUserIds: fc.Arbitrary<Props> = fc
  .tuple(fc.constantFrom("allow", "block", "none"), fc.constantFrom("allow", "block", "none"), userIdList, userIdList)
  .map(([audio, video, audioIds, videoIds]) => {
    const out: Props = {};
    if (audio === "allow") out.subscribeAudioUserIds = audioIds;
    if (audio === "block") out.unSubscribeAudioUserIds = audioIds;
    if (video === "allow") out.subscribeVideoUserIds = videoIds;
    if (video === "block") out.unSubscribeVideoUserIds = videoIds;
    return out;
  });

const recordParams: fc.Arbitrary<Props> = optionalRecord(
  {
    recordMode: fc.constantFrom(1, 2),
    maxIdleTime: fc.integer({ min: 5, max: 86400 }),
    streamType: fc.constantFrom(0, 1, 2),
    subscribeStreamUserIds,
    outputFormat: fc.constantFrom(0, 1, 2, 3, 4),
    avMerge: fc.constantFrom(0, 1),
    maxMediaFileDuration: fc.integer({ min: 1, max: 1440 }),
    mediaId: fc.constantFrom(0, 1, 2),
    fillType: fc.constantFrom(0, 1),
    subscribeAbility: fc.constantFrom(0, 1),
  },
  ["recordMode"],
);

const videoParams: fc.Arbitrary<Props> = fc.integer({ min: 1, max: 1920 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    height: fc.integer({ min: 1, max: Math.min(1920, Math.floor((1920 * 1080) / width)) }),
    fps: fc.integer({ min: 1, max: 60 }),
    bitRate: fc.integer({ min: 64000, max: 8192000 }),
    // No range is documented for Gop: values outside 1–60 pass with a warning.
    gop: fc.integer({ min: 0, max: 120 }),
  }),
);

const audioParams: fc.Arbitrary<Props> = fc.record({
  sampleRate: fc.constantFrom(1, 2, 3),
  channel: fc.constantFrom(1, 2),
  bitRate: fc.integer({ min: 32000, max: 128000 }),
});

/** Valid CloudRecording inputs for a site, as a program would pass them (region and sdkAppId optional). */
export function cloudInputs(site: Site): fc.Arbitrary<Props> {
  const room = fc.oneof(
    fc.record({ roomId: numericRoom }),
    fc.record({ roomId: numericRoom, roomIdType: fc.constant(1) }),
    fc.record({ roomId: stringRoom, roomIdType: fc.constant(0) }),
  );
  const transcode = fc.option(optionalRecord({ videoParams, audioParams }), { nil: undefined });
  return fc.tuple(room, transcode).chain(([roomFields, mixTranscodeParams]) => {
    const canvas = (mixTranscodeParams?.videoParams as Canvas | undefined) ?? DEFAULT_CANVAS;
    return fc
      .tuple(
        optionalRecord(
          {
            sdkAppId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
            userId: token(32),
            userSig: text(4096),
            recordParams,
            storageParams: storageParams(site, [0, 1], [0, 1, 2, 3, 4]),
            mixLayoutParams: mixLayoutParams(canvas, site),
            resourceExpiredHour: fc.integer({ min: 6, max: 720 }),
            privateMapKey: text(4096),
            region: region(site, "CreateCloudRecording"),
            ...extras,
          },
          ["recordParams", "storageParams"],
        ),
        fc.constant(roomFields),
        fc.constant(mixTranscodeParams),
      )
      .map(([fields, rooms, transcodeParams]) => {
        const inputs: Props = { ...fields, ...rooms };
        if (transcodeParams !== undefined) inputs.mixTranscodeParams = transcodeParams;
        // aac output (VOD media types 2 and 4) takes effect for audio-only recordings (otherwise check warns).
        const vod = (inputs.storageParams as Props).cloudVod as Props | undefined;
        const mediaType = (vod?.tencentVod as Props | undefined)?.mediaType;
        if (mediaType === 2 || mediaType === 4)
          inputs.recordParams = { ...(inputs.recordParams as Props), streamType: 1 };
        return inputs;
      });
  });
}
