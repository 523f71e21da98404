// The files a cloud recording writes to COS/S3, named by the documented rules, for DescribeCloudRecording's
// StorageFileList. https://cloud.tencent.com/document/product/647/111748 ("录制文件命名和文件切分说明"):
//   single-stream HLS      <SdkAppId>_<RoomId>_UserId_s_<UserId>_UserId_e_<MediaId>_<Type>.m3u8
//   single-stream MP4/AAC  <SdkAppId>_<RoomId>_UserId_s_<UserId>_UserId_e_<MediaId>[_<Index>].mp4|aac
//   mixed HLS              <SdkAppId>_<RoomId>.m3u8
//   mixed MP4/AAC          <SdkAppId>_<RoomId>[_<Index>].mp4|aac
// where a string RoomId and every UserId are base64 with "/" written "-" and "=" written "."; MediaId is `main`
// (camera) or `aux` (screen share); Type is `audio`, `video` or `audiovideo`; Index only appears once a file is
// split (2 GB or MaxMediaFileDuration), which the emulator does not model.
// OutputFormat (https://www.tencentcloud.com/document/api/647/36760#RecordParams): 0 hls, 1 hls+mp4, 2 hls+aac,
// 3 mp4, 4 aac. AvMerge 1 merges a user's audio and video "into one ts" (HLS); StreamType 0/1/2 records audio and
// video, audio only, video only; MediaId 0/1/2 records main and auxiliary, main only, auxiliary only.

import type { CreateCloudRecordingBody, SubscribeStreamUserIds } from "./requests";

/** An entry of DescribeCloudRecording's StorageFileList. */
export interface StorageFile {
  /** The user recorded in the file; "" for mixed-stream recording. */
  UserId: string;
  FileName: string;
  TrackType: "audio" | "video" | "audio_video";
  /** ms since the epoch, as in the docs' example (1562724852626). */
  BeginTimeStamp: number;
}

/** A user publishing in a room: a camera stream (audio and/or video) and maybe a screen share. */
export interface Publisher {
  userId: string;
  /** @defaultValue true */
  audio?: boolean;
  /** @defaultValue true */
  video?: boolean;
  /** Publishes an auxiliary (screen-share) video stream. @defaultValue false */
  screenShare?: boolean;
}

/** base64 with "/" written "-" and "=" written "." (the naming rules' encoding of UserIds and string rooms). */
export function fileNameEncode(value: string): string {
  return Buffer.from(value, "utf8").toString("base64").replace(/\//g, "-").replace(/=/g, ".");
}

/** The name of a single-stream file before its suffix and extension: `<prefix>_UserId_s_<UserId>_UserId_e_<MediaId>`. */
export function singleStreamStem(prefix: string, userId: string, mediaId: string): string {
  return `${prefix}_UserId_s_${fileNameEncode(userId)}_UserId_e_${mediaId}`;
}

/**
 * Whether a subscription list entry matches a user: exact, or a prefix when it ends with `.*$`
 * (https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds).
 */
function listed(list: string[] | undefined, userId: string): boolean {
  return (list ?? []).some((entry) =>
    entry.endsWith(".*$") ? userId.startsWith(entry.slice(0, -3)) : entry === userId,
  );
}

export function subscribed(
  lists: SubscribeStreamUserIds | undefined,
  userId: string,
  media: "Audio" | "Video",
): boolean {
  const allow = lists?.[`Subscribe${media}UserIds`];
  if (allow?.length && !listed(allow, userId)) return false;
  return !listed(lists?.[`UnSubscribe${media}UserIds`], userId);
}

interface Stream {
  /** `main` or `aux`. */
  mediaId: "main" | "aux";
  audio: boolean;
  video: boolean;
}

function formats(outputFormat: number | undefined): { hls: boolean; mp4: boolean; aac: boolean } {
  const format = outputFormat ?? 0;
  return { hls: format <= 2, mp4: format === 1 || format === 3, aac: format === 2 || format === 4 };
}

function trackType(audio: boolean, video: boolean): StorageFile["TrackType"] {
  return audio && video ? "audio_video" : audio ? "audio" : "video";
}

/** The file names (and their tracks) one stream produces under `base`. */
function filesOf(
  base: string,
  stream: Stream,
  params: CreateCloudRecordingBody["RecordParams"],
  single: boolean,
): Array<{ name: string; track: StorageFile["TrackType"] }> {
  const { audio, video } = stream;
  if (!audio && !video) return [];
  const out: Array<{ name: string; track: StorageFile["TrackType"] }> = [];
  const wants = formats(params.OutputFormat);
  if (wants.hls) {
    if (!single) out.push({ name: `${base}.m3u8`, track: trackType(audio, video) });
    else if (audio && video && params.AvMerge === 1)
      out.push({ name: `${base}_audiovideo.m3u8`, track: "audio_video" });
    else {
      if (audio) out.push({ name: `${base}_audio.m3u8`, track: "audio" });
      if (video) out.push({ name: `${base}_video.m3u8`, track: "video" });
    }
  }
  if (wants.mp4) out.push({ name: `${base}.mp4`, track: trackType(audio, video) });
  if (wants.aac && audio) out.push({ name: `${base}.aac`, track: "audio" });
  return out;
}

/** The room part of a file name: a numeric room as its number, a string room encoded. */
function roomPart(roomId: string, roomIdType: number): string {
  return roomIdType === 0 ? fileNameEncode(roomId) : String(Number(roomId));
}

/** The streams a task records of `publishers`, by its subscription lists, StreamType and MediaId. */
function recordedStreams(
  params: CreateCloudRecordingBody["RecordParams"],
  subscriptions: SubscribeStreamUserIds | undefined,
  publishers: readonly Publisher[],
): Array<Stream & { userId: string }> {
  const streamType = params.StreamType ?? 0;
  const mediaId = params.MediaId ?? 0;
  const wantsAudio = streamType !== 2;
  const wantsVideo = streamType !== 1;
  return publishers.flatMap((p) => {
    const audio = wantsAudio && (p.audio ?? true) && subscribed(subscriptions, p.userId, "Audio");
    const video = wantsVideo && subscribed(subscriptions, p.userId, "Video");
    const list: Array<Stream & { userId: string }> = [];
    if (mediaId !== 2) list.push({ userId: p.userId, mediaId: "main", audio, video: video && (p.video ?? true) });
    // A screen share is a video stream.
    if (mediaId !== 1 && p.screenShare) list.push({ userId: p.userId, mediaId: "aux", audio: false, video });
    return list;
  });
}

/**
 * The files recording `publishers` produces, for a COS/S3 task (VOD files are never listed: "StorageFileList does not
 * contain them", https://www.tencentcloud.com/document/api/647/46958).
 */
export function recordingFiles(
  request: CreateCloudRecordingBody,
  subscriptions: SubscribeStreamUserIds | undefined,
  publishers: readonly Publisher[],
): Array<Omit<StorageFile, "BeginTimeStamp">> {
  if (!request.StorageParams.CloudStorage) return [];
  const params = request.RecordParams;
  const prefix = `${request.SdkAppId}_${roomPart(request.RoomId, request.RoomIdType ?? 1)}`;
  const streams = recordedStreams(params, subscriptions, publishers);
  if (params.RecordMode === 2) {
    const audio = streams.some((s) => s.audio);
    const video = streams.some((s) => s.video);
    return filesOf(prefix, { mediaId: "main", audio, video }, params, false).map((f) => ({
      UserId: "",
      FileName: f.name,
      TrackType: f.track,
    }));
  }
  return streams.flatMap((s) =>
    filesOf(singleStreamStem(prefix, s.userId, s.mediaId), s, params, true).map((f) => ({
      UserId: s.userId,
      FileName: f.name,
      TrackType: f.track,
    })),
  );
}

/** TencentVod.MediaType (https://www.tencentcloud.com/document/api/647/36760#TencentVod): 0 mp4, 1 hls, 2 aac, 3 hls+mp4, 4 hls+aac. */
export const VOD_EXTENSIONS: readonly (readonly string[])[] = [
  ["mp4"],
  ["m3u8"],
  ["aac"],
  ["m3u8", "mp4"],
  ["m3u8", "aac"],
];

/**
 * The files a VOD task uploads for `publishers` when it ends (they are reported by callback 311, never listed in
 * StorageFileList). Named like emulator/callbacks.ts `defaultVodFiles`, by the naming rules' stems
 * (https://cloud.tencent.com/document/product/647/111748): mixed `<SdkAppId>_<RoomId>.<ext>`, single-stream
 * `<SdkAppId>_<RoomId>_UserId_s_<UserId>_UserId_e_<main|aux>.<ext>`, one file per stream and extension of
 * TencentVod.MediaType, audio and video together. Assumption: the docs give no naming rule of their own for VOD
 * uploads (VOD merges a stream's audio and video, so there is no `_audio`/`_video` split as in COS HLS).
 */
export function vodFiles(
  request: CreateCloudRecordingBody,
  subscriptions: SubscribeStreamUserIds | undefined,
  publishers: readonly Publisher[],
): Array<Omit<StorageFile, "BeginTimeStamp">> {
  if (request.StorageParams.CloudStorage || !request.StorageParams.CloudVod) return [];
  const extensions = VOD_EXTENSIONS[request.StorageParams.CloudVod.TencentVod?.MediaType ?? 0] ?? ["mp4"];
  const params = request.RecordParams;
  const prefix = `${request.SdkAppId}_${roomPart(request.RoomId, request.RoomIdType ?? 1)}`;
  const streams = recordedStreams(params, subscriptions, publishers).filter((s) => s.audio || s.video);
  const recorded =
    params.RecordMode === 2
      ? streams.length === 0
        ? []
        : [{ stem: prefix, userId: "", audio: streams.some((s) => s.audio), video: streams.some((s) => s.video) }]
      : streams.map((s) => ({
          stem: singleStreamStem(prefix, s.userId, s.mediaId),
          userId: s.userId,
          audio: s.audio,
          video: s.video,
        }));
  return recorded.flatMap(({ stem, userId, audio, video }) =>
    extensions
      // An AAC file holds the audio only, as in COS.
      .filter((ext) => ext !== "aac" || audio)
      .map((ext) => ({
        UserId: userId,
        FileName: `${stem}.${ext}`,
        TrackType: ext === "aac" ? ("audio" as const) : trackType(audio, video),
      })),
  );
}
