// Generators of valid WebRecording inputs across the whole documented space, on both sites.

import fc from "fast-check";
import { extras, optionalRecord, type Props, pageUrl, region, rtmpUrl, type Site, text } from "./fields";
import { storageParams } from "./storage";

/** Valid WebRecording inputs for a site. */
export function webInputs(site: Site): fc.Arbitrary<Props> {
  return optionalRecord(
    {
      recordUrl: pageUrl,
      // Web-page recording stores to COS (vendor 0) or VOD as mp4 or hls only.
      storageParams: storageParams(site, [0], [0, 1]),
      sdkAppId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      maxDurationLimit: fc.integer({ min: 1800, max: 86400 }),
      webRecordVideoParams: optionalRecord({
        width: fc.integer({ min: 0, max: 1920 }),
        height: fc.integer({ min: 0, max: 1080 }),
        format: fc.constantFrom("hls", "mp4"),
        maxMediaFileDuration: fc.integer({ min: 1, max: 1440 }),
      }),
      recordId: text(31),
      publishCdnParams: fc.oneof(
        {
          arbitrary: fc.array(
            optionalRecord({ publishCdnUrl: rtmpUrl, isTencentCdn: fc.constantFrom(0, 1) }, ["publishCdnUrl"]),
            { maxLength: 3 },
          ),
          weight: 4,
        },
        { arbitrary: fc.array(fc.record({ publishCdnUrl: rtmpUrl }), { minLength: 10, maxLength: 10 }), weight: 1 },
      ),
      readyTimeout: fc.integer({ min: 0, max: 60 }),
      emulateMobileParams: optionalRecord({
        mobileDeviceType: fc.constantFrom(0, 1),
        screenOrientation: fc.constantFrom(0, 1),
      }),
      region: region(site, "StartWebRecord"),
      ...extras,
    },
    ["recordUrl", "storageParams"],
  );
}
