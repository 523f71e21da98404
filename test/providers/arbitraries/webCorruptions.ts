// The WebRecording corruptions: each breaks one documented rule (page and CDN URLs, list size, range, enum, type,
// byte length, a rule across fields, a site's rule) at the path the failure must name. Limits no source states are
// no corruptions: check only warns about them.

import { bothStorageKinds, type Corruption, child, cosOf, setting, top, vodOf } from "./corruptions";
import type { Props } from "./fields";

export const WEB_CORRUPTIONS: readonly Corruption[] = [
  setting(
    "web",
    "url",
    "recordUrl",
    [
      "javascript:alert(1)",
      "file:///etc/passwd",
      "ftp://x.example/",
      "data:text/html,<h1>hi</h1>",
      "https://a b.example/",
      "http://",
      "//example.com/page",
      "vbscript:msgbox(1)",
    ],
    top,
  ),
  setting(
    "web",
    "url",
    "publishCdnParams[0].publishCdnUrl",
    ["http://cdn.example/live/s", "https://cdn.example/live/s", "file:///tmp/x", "rtmp:// bad"],
    (i) => {
      const entry: Props = {};
      i.publishCdnParams = [entry];
      return entry;
    },
  ),
  setting(
    "web",
    "list-size",
    "publishCdnParams",
    [Array.from({ length: 11 }, () => ({ publishCdnUrl: "rtmp://cdn.example/live/s" }))],
    top,
  ),
  setting("web", "range", "maxDurationLimit", [1799, 86401, 0], top),
  setting("web", "range", "webRecordVideoParams.width", [1921, -1], (i) => child(i, "webRecordVideoParams")),
  setting("web", "range", "webRecordVideoParams.height", [1081], (i) => child(i, "webRecordVideoParams")),
  setting("web", "range", "readyTimeout", [61, -1], top),
  setting("web", "range", "webRecordVideoParams.maxMediaFileDuration", [0, 1441], (i) =>
    child(i, "webRecordVideoParams"),
  ),
  setting("web", "enum", "webRecordVideoParams.format", ["flv", "HLS"], (i) => child(i, "webRecordVideoParams")),
  setting("web", "enum", "emulateMobileParams.mobileDeviceType", [2], (i) => child(i, "emulateMobileParams")),
  setting("web", "type", "recordUrl", [42, null], top),
  setting("web", "type", "maxDurationLimit", ["3600"], top),
  setting("web", "length", "recordId", ["r".repeat(32), "é".repeat(16)], top),
  setting("web", "type", "sdkAppId", ["1400000000", 1.5], top),
  setting("web", "cross-field", "storageParams.cloudStorage.vendor", [1], cosOf),
  // aac and hls+aac are no hls or mp4; hls+mp4 (3) is only warned about.
  setting("web", "cross-field", "storageParams.cloudVod.tencentVod.mediaType", [2, 4], vodOf),
  bothStorageKinds("web"),
  setting("web", "site", "storageParams.cloudStorage.endpointUrl", ["acct.r2.cloudflarestorage.com"], (i, site) =>
    site === "china" ? cosOf(i) : undefined,
  ),
  setting("web", "site", "region", ["ap-beijing", "ap-mumbai"], (i, site) => (site === "intl" ? i : undefined)),
  setting("web", "type", "recordURL", ["https://example.com/"], top),
];
