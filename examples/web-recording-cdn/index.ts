// Record a mobile web page (a phone in portrait mode) to VOD as HLS and relay it live to CDN addresses.
import * as pulumi from "@pulumi/pulumi";
import {
  CdnType,
  MobileDeviceType,
  ScreenOrientation,
  VodMediaType,
  WebRecordFormat,
  WebRecording,
  WhenEnded,
} from "pulumi-trtc";

const config = new pulumi.Config();
// rtmp push addresses usually carry a stream key: keep them in secret config.
const relayTargets = config.requireSecretObject<string[]>("cdnUrls");

const page = new WebRecording("storefront", {
  recordUrl: config.get("pageUrl") ?? "https://shop.example.com/live/today",
  region: "ap-singapore",
  maxDurationLimit: 4 * 3600,
  readyTimeout: 10,
  emulateMobileParams: { mobileDeviceType: MobileDeviceType.Phone, screenOrientation: ScreenOrientation.Portrait },
  webRecordVideoParams: { width: 720, height: 1080, format: WebRecordFormat.Hls },
  publishCdnParams: relayTargets.apply((urls) =>
    urls.map((publishCdnUrl, i) => ({ publishCdnUrl, isTencentCdn: i === 0 ? CdnType.Tencent : CdnType.ThirdParty })),
  ),
  storageParams: { cloudVod: { tencentVod: { mediaType: VodMediaType.Hls, classId: 0 } } },
  // After the show the page recording ends by itself (maxDurationLimit); keep it in state instead of restarting it.
  whenEnded: WhenEnded.Keep,
});

export const taskId = page.taskId;
export const status = page.status;
export const recordId = page.recordId;
