// Generators of storageParams, which both resources share: COS-compatible cloud storage or VOD, per site.

import fc from "fast-check";
import { optionalRecord, type Props, type Site, text, token } from "./fields";

function cloudStorage(site: Site, vendors: readonly number[]): fc.Arbitrary<Props> {
  return optionalRecord(
    {
      vendor: fc.constantFrom(...vendors),
      region: text(64),
      bucket: text(128),
      accessKey: text(256),
      secretKey: text(256),
      fileNamePrefix: fc.array(token(64), { maxLength: 10 }),
      ...(site === "intl" ? { endpointUrl: text(256) } : {}),
    },
    ["vendor", "region", "bucket", "accessKey", "secretKey"],
  );
}

function tencentVod(mediaTypes: readonly number[]): fc.Arbitrary<Props> {
  return optionalRecord({
    procedure: text(128),
    expireTime: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    storageRegion: text(64),
    classId: fc.nat(),
    subAppId: fc.nat(),
    sessionContext: text(1000),
    sourceContext: text(1000),
    mediaType: fc.constantFrom(...mediaTypes),
    userDefineRecordId: token(64),
  });
}

export function storageParams(
  site: Site,
  vendors: readonly number[],
  mediaTypes: readonly number[],
): fc.Arbitrary<Props> {
  return fc.oneof(
    cloudStorage(site, vendors).map((s) => ({ cloudStorage: s })),
    optionalRecord({ tencentVod: tencentVod(mediaTypes) }).map((v) => ({ cloudVod: v })),
  );
}
