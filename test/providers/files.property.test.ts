// Property-based tests of the recording file locations (provider/recordings/files.ts) over every valid CloudRecording
// input: no value is ever undefined (the result is stored as Pulumi outputs), every name filled for any user is a
// valid COS object key made of the characters the naming rules produce, every URL addresses exactly its key, and the
// Base64 id encoding round-trips. The documented examples are in test/providers/files.unit.test.ts.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeFileNameId,
  encodeFileNameId,
  fillFilePattern,
  type RecordingFileInputs,
  recordingFileLocations,
} from "../../provider/recordings/files";
import { cloudInputs } from "./arbitraries/cloudRecording";
import { hasControl, type Props, SITES } from "./arbitraries/fields";

// TaskIds as the service returns them: Base64 with "/" → "-" and "=" → "." (for example
// "-nHuqHlU7islZCDCjMne7HY2TJoU1NbbDkHjVoK-yqHu8ZWQndibQJtEhvB6ShqolkmNmnxz7AE.", and ones with "+").
const TASK_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-."];
const taskId = fc.array(fc.constantFrom(...TASK_CHARS), { minLength: 1, maxLength: 120 }).map((c) => c.join(""));

// Buckets and regions in the forms COS and S3 address, so URLs are exercised as well as the arbitrary text the
// schema allows (which mostly yields no URL).
const cosBucket = fc
  .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/), fc.integer({ min: 1, max: 1_399_999_999 }))
  .map(([name, appId]) => `${name}-${appId}`);
const s3Bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/);
const wellFormedBucket = fc.oneof(
  fc.record({ vendor: fc.constant(0), bucket: cosBucket, region: fc.constantFrom("ap-guangzhou", "ap-singapore") }),
  fc.record({
    vendor: fc.constant(1),
    bucket: s3Bucket,
    region: fc.constantFrom("us-east-1", "eu-west-2", "cn-north-1"),
  }),
);

/** Valid CloudRecording inputs of either site, with COS/S3 storage made well-formed half the time. */
const anyInputs: fc.Arbitrary<Props> = fc
  .tuple(fc.constantFrom(...SITES), fc.boolean(), wellFormedBucket)
  .chain(([site, wellFormed, bucket]) =>
    cloudInputs(site).map((inputs) => {
      const storage = inputs.storageParams as Props;
      if (!wellFormed || !storage.cloudStorage) return inputs;
      const { endpointUrl: _dropped, ...cloudStorage } = storage.cloudStorage as Props;
      return { ...inputs, storageParams: { cloudStorage: { ...cloudStorage, ...bucket } } };
    }),
  );

// Recorded users: any UserId an app may use, not only the robot's alphabet.
const fillValues = fc.record({
  userId: fc.string({ unit: "grapheme", minLength: 1, maxLength: 32 }),
  utc: fc.stringMatching(/^\d{17}$/),
  index: fc.integer({ min: 1, max: 9999 }),
  type: fc.constantFrom("audio_video", "audio", "video"),
  recovery: fc.constantFrom(undefined, 1 as const, 2 as const, 3 as const),
});

function leaves(value: unknown, path = "$"): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  }
  return [[path, value]];
}

// What the naming rules put after the key prefix: Base64 with "-" and ".", digits, "_", the fixed words.
const NAME_CHARS = /^[A-Za-z0-9_+\-.]+$/;

/**
 * A valid COS object key (https://www.tencentcloud.com/document/product/436/13324): UTF-8 without the control
 * characters CAN, EM, SUB, ESC (and here no other control character either), not starting with "/" or "\", and
 * without "*" or "%", which the page asks to refrain from.
 */
function isCosKey(key: string): boolean {
  return key.length > 0 && !/^[/\\]/.test(key) && !hasControl(key) && !/[*%]/.test(key);
}

describe("recordingFileLocations over every valid input", () => {
  it("never holds undefined and survives a JSON round trip", () => {
    fc.assert(
      fc.property(anyInputs, taskId, (inputs, id) => {
        const result = recordingFileLocations(inputs as unknown as RecordingFileInputs, { taskId: id });
        expect(leaves(result).filter(([, v]) => v === undefined)).toEqual([]);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  it("gives valid COS keys of documented characters once the placeholders are filled, for any user", () => {
    fc.assert(
      fc.property(anyInputs, taskId, fillValues, (inputs, id, values) => {
        // The provider always knows the SDKAppID (inputs or configuration).
        const task = { taskId: id, sdkAppId: 1400000000 };
        const result = recordingFileLocations(inputs as unknown as RecordingFileInputs, task);
        for (const file of result.files) {
          const key = fillFilePattern(file.key, values);
          expect(key.startsWith(result.keyPrefix ?? "?")).toBe(true);
          expect(isCosKey(key)).toBe(true);
          expect(key.slice((result.keyPrefix ?? "").length)).toMatch(NAME_CHARS);
          expect(key).not.toMatch(/<[A-Za-z]+>/);
          expect(key).not.toContain("undefined");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives each concrete key a URL that addresses exactly that key on the bucket's host", () => {
    let urls = 0;
    fc.assert(
      fc.property(anyInputs, taskId, (inputs, id) => {
        const result = recordingFileLocations(inputs as unknown as RecordingFileInputs, { taskId: id });
        for (const file of result.files) {
          if (file.pattern) expect(file.url).toBeNull();
          if (file.url === null) continue;
          const url = new URL(file.url);
          expect(url.protocol).toBe("https:");
          expect(url.hostname.startsWith(`${result.bucket}.`)).toBe(true);
          expect(url.hostname).toMatch(/\.(myqcloud\.com|amazonaws\.com|amazonaws\.com\.cn)$/);
          expect(decodeURIComponent(url.pathname)).toBe(`/${file.key}`);
          expect(file.url.startsWith(result.urlPrefix ?? "?")).toBe(true);
          urls++;
        }
      }),
      { numRuns: 300 },
    );
    // The well-formed buckets do reach the URL branch.
    expect(urls).toBeGreaterThan(0);
  });

  it("gives VOD recordings no names, only the callback", () => {
    fc.assert(
      fc.property(anyInputs, taskId, (inputs, id) => {
        const result = recordingFileLocations(inputs as unknown as RecordingFileInputs, { taskId: id });
        const vod = (inputs.storageParams as Props).cloudVod !== undefined;
        expect(result.delivery).toBe(vod ? "callback" : "objectStorage");
        if (vod) expect(result.files).toEqual([]);
        else expect(result.files.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the file-name id encoding", () => {
  it("round-trips any well-formed string and uses only Base64 letters with - and .", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 64 }), (id) => {
        const encoded = encodeFileNameId(id);
        expect(encoded).toMatch(/^[A-Za-z0-9+\-.]*$/);
        expect(decodeFileNameId(encoded)).toBe(id);
      }),
      { numRuns: 500 },
    );
  });
});
