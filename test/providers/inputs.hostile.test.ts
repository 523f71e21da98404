// Hostile inputs: header and newline injection in the region and every identifier, script and file URLs, oversize
// strings and lists. Whatever they are, `check` does not throw and answers within a bounded time, even for huge values.
// Where a rule states the limit (a documented API rule, or the provider's own for its header-bound settings `region`
// and `adoptTaskId`), `check` refuses the value at the offending property (property-based where the input space is
// open). Where no Tencent source states one (provider/api/schemas/SOURCES.md), `check` passes and warns at preview,
// naming the field and the limit but never the value, which may be a secret. Such values are sent: they travel only
// inside the JSON body, where they cannot become a header. And a value that gets past `check` anyway (the provider's
// create called directly, or a tampered state) is refused by the client before anything is sent if it would reach a
// header, or travels only inside the JSON body.
import type { IncomingMessage } from "node:http";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { post } from "../../provider/client/transport";
import * as cloud from "../../provider/cloudRecordingProvider";
import { TrtcApiError } from "../../provider/errors";
import * as web from "../../provider/webRecordingProvider";
import { type LocalServer, startLocalServer } from "../localServer";
import { hasControl, type Kind, type Props } from "./arbitraries/fields";
import { validInputs } from "./arbitraries/inputs";
import { configureProviders } from "./configure";

vi.mock("../../provider/client/transport", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../provider/client/transport")>();
  return { ...original, post: vi.fn(original.post) };
});

const providers: Record<Kind, typeof cloud | typeof web> = { cloud, web };

let server: LocalServer;
let endpoint = "";
const received: Array<{ headers: IncomingMessage["headers"]; rawHeaders: string[]; body: string }> = [];

beforeAll(async () => {
  server = await startLocalServer((req, body, res) => {
    received.push({ headers: req.headers, rawHeaders: req.rawHeaders, body: body.toString("utf8") });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ Response: { RequestId: "r", Error: { Code: "ResourceNotFound", Message: "gone" } } }));
  });
  endpoint = server.url;
});

afterAll(async () => {
  await server.close();
});

let consoleError: MockInstance<typeof console.error>;

beforeEach(() => {
  const config: Record<string, string> = {
    "trtc:endpoint": endpoint,
    "trtc:secretId": "AKIDhostileinput",
    "trtc:secretKey": "hostile-input-secret-key",
    "trtc:region": "ap-singapore",
    "trtc:sdkAppId": "1400000000",
    "trtc:sdkSecretKey": "hostile-input-sdk-secret-key",
    "trtc:maxRequestsPerSecond": "1000",
  };
  void configureProviders(config);
  received.length = 0;
  vi.mocked(post).mockClear();
  // Preview warnings go to stderr (provider/task/diagnostics.ts): captured here, and kept off the test output.
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  consoleError.mockRestore();
});

async function failedProperties(kind: Kind, inputs: Props): Promise<string[]> {
  const result = await providers[kind].check({}, { ...inputs, __logicalName: "hostile" });
  return [...new Set((result.failures ?? []).map((f) => f.property))];
}

/** The preview warnings printed since the last `consoleError.mockClear()`. */
function warnings(): string[] {
  return consoleError.mock.calls.map((call) => String(call[0]));
}

/** The warnings about one property of the resource "hostile": `warning: CloudRecording "hostile": <path> <reason>`. */
function warningsAbout(path: string): string[] {
  return warnings().filter((w) => w.startsWith("warning: ") && w.includes(`"hostile": ${path} `));
}

/** A bound on one `check`, far above what it takes: no catastrophic backtracking or quadratic work on a value. */
const CHECK_BOUND_MS = 10_000;

/** A field to attack: its path, and how to put a value there in valid inputs (creating valid parents). */
interface Target {
  kind: Kind;
  path: string;
  set(inputs: Props, value: unknown): void;
}

function target(kind: Kind, path: string, set: Target["set"]): Target {
  return { kind, path, set };
}

const atTop = (kind: Kind, key: string) =>
  target(kind, key, (inputs, value) => Object.assign(inputs, { [key]: value }));
const layout = (inputs: Props): Props => {
  inputs.mixLayoutParams ??= { mixLayoutMode: 3 };
  return inputs.mixLayoutParams as Props;
};
const cos = (inputs: Props): Props => {
  inputs.storageParams = {
    cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "b-1250000000", accessKey: "AKIDk", secretKey: "sk" },
  };
  return (inputs.storageParams as Props).cloudStorage as Props;
};

// --- injection into identifiers --------------------------------------------------------------------------------

const INJECTIONS = ["\r\n", "\n", "\r", "\u0000", "\t", "\u007f", "\r\nX-Injected: 1", "\n\nHTTP/1.1 200 OK\r\n\r\n"];

/** A plausible value with an injection somewhere in it. */
const injected = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/),
    fc.constantFrom(...INJECTIONS),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/),
  )
  .map(([before, injection, after]) => `${before}${injection}${after}`);

/** Identifiers a rule restricts: the provider's header-bound settings, the room and URL rules, unknown fields. */
const REFUSED_ID_TARGETS: Target[] = [
  atTop("cloud", "region"),
  target("cloud", "roomId", (inputs, value) => {
    inputs.roomId = value;
    delete inputs.roomIdType;
  }),
  target("cloud", "roomId", (inputs, value) => Object.assign(inputs, { roomId: value, roomIdType: 0 })),
  atTop("cloud", "adoptTaskId"),
  // Not an input at all: an unknown field, refused as such.
  atTop("cloud", "taskId"),
  atTop("web", "region"),
  atTop("web", "adoptTaskId"),
  atTop("web", "taskId"),
  atTop("web", "recordUrl"),
];

describe("check refuses injection", () => {
  for (const { kind, path, set } of REFUSED_ID_TARGETS) {
    it(`of control characters and header lines into ${kind} ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(validInputs(kind, "intl"), injected, async (inputs, value) => {
          set(inputs, value);
          expect(await failedProperties(kind, inputs)).toEqual([path]);
        }),
        { numRuns: 15 },
      );
    });
  }
});

/**
 * API strings no source restricts in characters: the start request sends them. `values` narrows the injections to
 * what the field's documented rules allow otherwise (RecordId: fewer than 32 bytes).
 */
const SENT_ID_TARGETS: Array<Target & { values: fc.Arbitrary<string> }> = [
  { ...atTop("cloud", "userId"), values: injected },
  { ...atTop("cloud", "userSig"), values: injected },
  { ...atTop("cloud", "privateMapKey"), values: injected },
  {
    ...target("cloud", "storageParams.cloudStorage.bucket", (inputs, value) => {
      cos(inputs).bucket = value;
    }),
    values: injected,
  },
  {
    ...target("cloud", "recordParams.subscribeStreamUserIds.subscribeAudioUserIds[0]", (inputs, value) => {
      inputs.recordParams = {
        ...(inputs.recordParams as Props),
        subscribeStreamUserIds: { subscribeAudioUserIds: [value] },
      };
    }),
    values: injected,
  },
  {
    ...target("cloud", "mixLayoutParams.maxResolutionUserId", (inputs, value) => {
      layout(inputs).maxResolutionUserId = value;
    }),
    values: injected,
  },
  { ...atTop("web", "recordId"), values: injected.filter((v) => Buffer.byteLength(v) < 32) },
];

const START_ACTION: Record<Kind, string> = { cloud: "CreateCloudRecording", web: "StartWebRecord" };

/** The value at a resource-input path in a request body: the same path with each key capitalised (wire.ts). */
function atWirePath(body: unknown, path: string): unknown {
  let node = body;
  for (const segment of path.split(".")) {
    const [, key, index] = /^(\w+)(?:\[(\d+)\])?$/.exec(segment) ?? [];
    node = (node as Props | undefined)?.[`${key.charAt(0).toUpperCase()}${key.slice(1)}`];
    if (index !== undefined) node = (node as unknown[] | undefined)?.[Number(index)];
  }
  return node;
}

describe("injection into API strings no rule restricts", () => {
  for (const { kind, path, set, values } of SENT_ID_TARGETS) {
    it(`${kind} ${path}: passes check with a warning naming it, and travels only inside the JSON body`, async () => {
      await fc.assert(
        fc.asyncProperty(validInputs(kind, "intl"), values, async (inputs, value) => {
          // Adopting sends no start request; this property follows the value into one.
          delete inputs.adoptTaskId;
          set(inputs, value);
          consoleError.mockClear();
          received.length = 0;
          const started = performance.now();
          const result = await providers[kind].check({}, { ...inputs, __logicalName: "hostile" });
          expect(performance.now() - started).toBeLessThan(CHECK_BOUND_MS);
          expect(result.failures ?? []).toEqual([]);
          expect(warningsAbout(path).some((w) => w.includes(" contains control characters "))).toBe(true);
          // The value is not repeated, and no warning carries a control character (no log injection either).
          for (const w of warnings()) expect(hasControl(w), JSON.stringify(w)).toBe(false);

          // The local endpoint answers ResourceNotFound: the start fails after the request has arrived.
          const error = await rejection(providers[kind].create(result.inputs as Props));
          expect(error.code).toBe("ResourceNotFound");
          expect(received.length).toBeGreaterThan(0);
          for (const request of received) {
            expect(request.headers["x-injected"]).toBeUndefined();
            expect(request.rawHeaders.some((h) => hasControl(h) || h.includes(value))).toBe(false);
          }
          const start = received.filter((r) => r.headers["x-tc-action"] === START_ACTION[kind]);
          expect(start).toHaveLength(1);
          expect(atWirePath(JSON.parse(start[0].body), path)).toBe(value);
        }),
        { numRuns: 15 },
      );
    });
  }
});

// --- URLs ------------------------------------------------------------------------------------------------------

const HOSTILE_SCHEMES = [
  "javascript:",
  "JavaScript:",
  "file:",
  "data:",
  "vbscript:",
  "ftp:",
  "blob:",
  "about:",
  "chrome:",
];
const urlRest = fc.stringMatching(/^[A-Za-z0-9/._()%=&?-]{0,40}$/);
const hostileUrl = fc.tuple(fc.constantFrom(...HOSTILE_SCHEMES), urlRest).map(([scheme, rest]) => `${scheme}${rest}`);
/** The same, dressed up as an image: image URLs must end with .jpg/.jpeg/.png. */
const hostileImage = hostileUrl.map((url) => `${url}/x.png`);

const URL_TARGETS: Array<Target & { values: fc.Arbitrary<string> }> = [
  { ...atTop("web", "recordUrl"), values: hostileUrl },
  {
    ...target("web", "publishCdnParams[0].publishCdnUrl", (inputs, value) => {
      inputs.publishCdnParams = [{ publishCdnUrl: value }];
    }),
    values: fc.oneof(hostileUrl, fc.constantFrom("http://cdn.example/live", "https://cdn.example/live")),
  },
  {
    ...target("cloud", "mixLayoutParams.backgroundImageUrl", (inputs, value) => {
      layout(inputs).backgroundImageUrl = value;
    }),
    values: hostileImage,
  },
  {
    ...target("cloud", "mixLayoutParams.defaultSubBackgroundImage", (inputs, value) => {
      layout(inputs).defaultSubBackgroundImage = value;
    }),
    values: hostileImage,
  },
  {
    ...target("cloud", "mixLayoutParams.mixLayoutList[0].subBackgroundImage", (inputs, value) => {
      inputs.mixLayoutParams = {
        mixLayoutMode: 4,
        mixLayoutList: [{ top: 0, left: 0, width: 1, height: 1, subBackgroundImage: value }],
      };
    }),
    values: hostileImage,
  },
  {
    ...target("cloud", "mixLayoutParams.waterMarkList[0].waterMarkImage.waterMarkUrl", (inputs, value) => {
      layout(inputs).waterMarkList = [
        { waterMarkImage: { waterMarkUrl: value, top: 0, left: 0, width: 1, height: 1 } },
      ];
    }),
    values: hostileImage,
  },
];

describe("check refuses script, file and other non-http URLs", () => {
  for (const { kind, path, set, values } of URL_TARGETS) {
    it(`in ${kind} ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(validInputs(kind, "intl"), values, async (inputs, value) => {
          set(inputs, value);
          expect(await failedProperties(kind, inputs)).toEqual([path]);
        }),
        { numRuns: 15 },
      );
    });
  }
});

// --- oversize strings and lists --------------------------------------------------------------------------------

/** A string field with its byte limit, and how to make a value of a given byte length that breaks no other rule. */
interface SizedTarget extends Target {
  maxBytes: number;
  sized(bytes: number, filler: string): string;
}

const plain = (bytes: number, filler: string) => fill("", bytes, filler);
/** `prefix` then `filler` characters up to `bytes` bytes, topped up with "a" where the filler is wider. */
function fill(prefix: string, bytes: number, filler: string, suffix = ""): string {
  let out = prefix;
  const room = bytes - Buffer.byteLength(prefix) - Buffer.byteLength(suffix);
  const width = Buffer.byteLength(filler);
  out += filler.repeat(Math.floor(room / width));
  out += "a".repeat(room - width * Math.floor(room / width));
  return out + suffix;
}
const ascii = (bytes: number) => "a".repeat(bytes);

/** Strings whose limit a rule states: RoomId of a string room, RecordId, and the provider's own adoptTaskId. */
const REFUSED_SIZES: SizedTarget[] = [
  { ...atTop("cloud", "adoptTaskId"), maxBytes: 512, sized: plain },
  {
    ...target("cloud", "roomId", (inputs, value) => Object.assign(inputs, { roomId: value, roomIdType: 0 })),
    maxBytes: 64,
    sized: ascii,
  },
  { ...atTop("web", "recordId"), maxBytes: 31, sized: plain },
];

/** Strings with a limit no Tencent source states, which the provider once enforced (advisories.ts): warnings. */
const ADVISED_SIZES: SizedTarget[] = [
  { ...atTop("cloud", "userId"), maxBytes: 32, sized: ascii },
  { ...atTop("cloud", "userSig"), maxBytes: 4096, sized: plain },
  { ...atTop("cloud", "privateMapKey"), maxBytes: 4096, sized: plain },
  {
    ...target("cloud", "storageParams.cloudStorage.secretKey", (inputs, value) => {
      cos(inputs).secretKey = value;
    }),
    maxBytes: 256,
    sized: plain,
  },
  {
    ...target("cloud", "storageParams.cloudStorage.fileNamePrefix[0]", (inputs, value) => {
      cos(inputs).fileNamePrefix = [value];
    }),
    maxBytes: 64,
    sized: ascii,
  },
  {
    ...target("cloud", "mixLayoutParams.waterMarkList[0].waterMarkChar.chars", (inputs, value) => {
      layout(inputs).waterMarkList = [
        { waterMarkType: 1, waterMarkChar: { chars: value, top: 0, left: 0, width: 1, height: 1 } },
      ];
    }),
    maxBytes: 512,
    sized: plain,
  },
  {
    ...target("cloud", "mixLayoutParams.backgroundImageUrl", (inputs, value) => {
      layout(inputs).backgroundImageUrl = value;
    }),
    maxBytes: 2048,
    sized: (bytes) => fill("https://img.example/", bytes, "a", ".png"),
  },
  {
    ...atTop("web", "recordUrl"),
    maxBytes: 2048,
    sized: (bytes, filler) => fill("https://example.com/", bytes, encodeURIComponent(filler).length > 1 ? "a" : filler),
  },
  {
    ...target("web", "publishCdnParams[0].publishCdnUrl", (inputs, value) => {
      inputs.publishCdnParams = [{ publishCdnUrl: value }];
    }),
    maxBytes: 2048,
    sized: (bytes) => fill("rtmp://cdn.example/live/", bytes, "a"),
  },
];

// ASCII, two-byte, three-byte and four-byte characters: limits count UTF-8 bytes, not characters.
const FILLERS = ["a", "é", "录", "😀"];

/** Over a limit, `check` either refuses the value at its path or passes it with one warning containing `warns`. */
type Verdict = { refuses: true } | { warns: string };

/**
 * `check` passes `atLimit` (quietly, where the limit only warns); of `over`, set in `inputs`, it gives `verdict`.
 * The preview warnings are cleared before each check, so each check is judged by its own.
 */
async function expectLimit(t: Target, inputs: Props, atLimit: unknown, over: unknown, verdict: Verdict): Promise<void> {
  const { kind, path, set } = t;
  const quiet = structuredClone(inputs);
  set(quiet, atLimit);
  consoleError.mockClear();
  expect(await failedProperties(kind, quiet)).toEqual([]);
  if ("warns" in verdict) expect(warningsAbout(path)).toEqual([]);
  set(inputs, over);
  consoleError.mockClear();
  if ("refuses" in verdict) {
    expect(await failedProperties(kind, inputs)).toEqual([path]);
    return;
  }
  expect(await failedProperties(kind, inputs)).toEqual([]);
  const about = warningsAbout(path);
  expect(about).toHaveLength(1);
  expect(about[0]).toContain(verdict.warns);
}

/** Property: a string of exactly `maxBytes` UTF-8 bytes passes, any longer one (up to 5 × the limit) gets `verdict`. */
function sizeProperty(t: SizedTarget, verdict: Verdict): Promise<void> {
  return fc.assert(
    fc.asyncProperty(
      validInputs(t.kind, "intl"),
      fc.integer({ min: 1, max: 4 * t.maxBytes }),
      fc.constantFrom(...FILLERS),
      async (inputs, over, filler) => {
        const value = t.sized(t.maxBytes + over, filler);
        expect(Buffer.byteLength(value)).toBe(t.maxBytes + over);
        await expectLimit(t, inputs, t.sized(t.maxBytes, filler), value, verdict);
        if ("warns" in verdict) {
          // Secrets among them (userSig, privateMapKey, secretKey): no warning carries the value, not even its start.
          const start = value.slice(0, 24);
          for (const w of warnings()) expect(w.includes(start)).toBe(false);
        }
      },
    ),
    { numRuns: 10 },
  );
}

describe("check refuses oversize strings where a rule states the limit, counting bytes", () => {
  for (const t of REFUSED_SIZES) {
    it(`${t.kind} ${t.path}: ${t.maxBytes} bytes pass, more do not`, () => sizeProperty(t, { refuses: true }));
  }
});

describe("check warns about strings over limits no source states, counting bytes, never repeating the value", () => {
  for (const t of ADVISED_SIZES) {
    it(`${t.kind} ${t.path}: ${t.maxBytes} bytes pass quietly, more pass with a warning`, () =>
      sizeProperty(t, { warns: `is longer than ${t.maxBytes} bytes` }));
  }
});

interface ListTarget extends Target {
  max: number;
  entry: (i: number) => unknown;
}

/** Lists whose length the API documents (32 ids per subscription list, 25 layouts and watermarks, 10 CDNs). */
const REFUSED_LENGTHS: ListTarget[] = [
  ...(
    ["subscribeAudioUserIds", "unSubscribeAudioUserIds", "subscribeVideoUserIds", "unSubscribeVideoUserIds"] as const
  ).map(
    (key): ListTarget => ({
      ...target("cloud", `recordParams.subscribeStreamUserIds.${key}`, (inputs, value) => {
        inputs.recordParams = { ...(inputs.recordParams as Props), subscribeStreamUserIds: { [key]: value } };
      }),
      max: 32,
      entry: (i) => `user${i}`,
    }),
  ),
  {
    ...target("cloud", "mixLayoutParams.mixLayoutList", (inputs, value) => {
      inputs.mixLayoutParams = { mixLayoutMode: 4, mixLayoutList: value };
    }),
    max: 25,
    entry: (i) => ({ top: 0, left: 0, width: 1, height: 1, userId: `u${i}` }),
  },
  {
    ...target("cloud", "mixLayoutParams.waterMarkList", (inputs, value) => {
      layout(inputs).waterMarkList = value;
    }),
    max: 25,
    entry: (i) => ({ waterMarkType: 2, waterMarkTimestamp: { pos: i % 7 } }),
  },
  {
    ...target("web", "publishCdnParams", (inputs, value) => {
      inputs.publishCdnParams = value;
    }),
    max: 10,
    entry: (i) => ({ publishCdnUrl: `rtmp://cdn.example/live/s${i}` }),
  },
];

/** Property: a list of exactly `max` entries passes, any longer one (up to 500 more) gets `verdict`. */
function lengthProperty(t: ListTarget, verdict: Verdict): Promise<void> {
  const list = (length: number) => Array.from({ length }, (_, i) => t.entry(i));
  return fc.assert(
    fc.asyncProperty(validInputs(t.kind, "intl"), fc.integer({ min: 1, max: 500 }), (inputs, over) =>
      expectLimit(t, inputs, list(t.max), list(t.max + over), verdict),
    ),
    { numRuns: 10 },
  );
}

describe("check refuses oversize lists where the API documents the limit", () => {
  for (const t of REFUSED_LENGTHS) {
    it(`${t.kind} ${t.path}: ${t.max} entries pass, more do not`, () => lengthProperty(t, { refuses: true }));
  }
});

/** Lists with a limit no source states (advisories.ts): warnings. */
const ADVISED_LENGTHS: ListTarget[] = [
  {
    ...target("cloud", "storageParams.cloudStorage.fileNamePrefix", (inputs, value) => {
      cos(inputs).fileNamePrefix = value;
    }),
    max: 10,
    entry: (i) => `p${i}`,
  },
];

describe("check warns about lists over limits no source states", () => {
  for (const t of ADVISED_LENGTHS) {
    it(`${t.kind} ${t.path}: ${t.max} entries pass quietly, more pass with a warning`, () =>
      lengthProperty(t, { warns: `has more than ${t.max} entries` }));
  }
});

describe("huge hostile values", () => {
  it("are refused within a bounded time where a rule applies, and warned about where none does", async () => {
    const huge = "A".repeat(10 * 1024 * 1024);
    const many = Array.from({ length: 100_000 }, (_, i) => `user${i}`);
    const started = performance.now();
    const cloudFailures = await failedProperties("cloud", {
      roomId: huge,
      roomIdType: 0,
      userId: huge,
      userSig: huge,
      region: huge,
      recordParams: { recordMode: 1, subscribeStreamUserIds: { subscribeAudioUserIds: many } },
      storageParams: { cloudStorage: { vendor: 0, region: huge, bucket: huge, accessKey: "a", secretKey: "s" } },
      mixLayoutParams: { mixLayoutMode: 3, backgroundImageUrl: `https://x.example/${huge}.png` },
    });
    const cloudWarnings = warnings();
    consoleError.mockClear();
    const webFailures = await failedProperties("web", {
      recordUrl: `https://example.com/${huge}`,
      recordId: huge,
      storageParams: { cloudVod: {} },
      publishCdnParams: Array.from({ length: 100_000 }, () => ({ publishCdnUrl: "rtmp://x/y" })),
    });
    const webWarnings = warnings();
    // The room rule depends on roomIdType, so it runs once every field has the right shape (a zod refinement), which
    // the hostile region and subscription list above prevent: a second check with those put right.
    const roomFailures = await failedProperties("cloud", {
      roomId: huge,
      roomIdType: 0,
      userId: huge,
      userSig: huge,
      recordParams: { recordMode: 2 },
      storageParams: { cloudVod: {} },
    });
    // A bound on total time, far above the few seconds this takes: no quadratic work on input size.
    expect(performance.now() - started).toBeLessThan(15_000);

    // Documented rules (32 subscription ids, a string room's 64 bytes, RecordId under 32 bytes, 10 CDNs) and the
    // provider's header-bound region fail at their paths.
    expect(cloudFailures).toEqual(
      expect.arrayContaining(["region", "recordParams.subscribeStreamUserIds.subscribeAudioUserIds"]),
    );
    expect(roomFailures).toEqual(["roomId"]);
    expect(webFailures).toEqual(expect.arrayContaining(["recordId", "publishCdnParams"]));
    // Limits no source states only warn, each at its path, with the limit.
    const undocumented: Array<[string[], string[], string, number]> = [
      [cloudFailures, cloudWarnings, "userId", 32],
      [cloudFailures, cloudWarnings, "userSig", 4096],
      [cloudFailures, cloudWarnings, "storageParams.cloudStorage.region", 64],
      [cloudFailures, cloudWarnings, "storageParams.cloudStorage.bucket", 128],
      [cloudFailures, cloudWarnings, "mixLayoutParams.backgroundImageUrl", 2048],
      [webFailures, webWarnings, "recordUrl", 2048],
    ];
    for (const [failures, shown, path, maxBytes] of undocumented) {
      expect(failures).not.toContain(path);
      expect(
        shown.some((w) => w.includes(`"hostile": ${path} is longer than ${maxBytes} bytes`)),
        path,
      ).toBe(true);
    }
    // Warnings never repeat the value: every one stays short, however large the input.
    const longest = [...cloudWarnings, ...webWarnings].reduce((most, w) => Math.max(most, w.length), 0);
    expect(longest).toBeLessThan(1000);
    // Nor do failure reasons.
    const result = await cloud.check({}, { roomId: huge, recordParams: { recordMode: 2 }, storageParams: {} });
    expect(JSON.stringify(result.failures).length).toBeLessThan(10_000);
  });
});

// --- past check ------------------------------------------------------------------------------------------------

async function rejection(promise: Promise<unknown>): Promise<TrtcApiError> {
  try {
    await promise;
  } catch (error) {
    expect(TrtcApiError.isInstance(error), String(error)).toBe(true);
    return error as TrtcApiError;
  }
  throw new Error("expected a rejection");
}

describe("a value that gets past check", () => {
  const region = "ap-singapore\r\nX-Injected: 1";

  it("is refused by the client before anything is sent: a CRLF region given straight to create", async () => {
    const cloudInputsChecked = (
      await cloud.check(
        {},
        { __logicalName: "x", roomId: "1", recordParams: { recordMode: 2 }, storageParams: { cloudVod: {} } },
      )
    ).inputs as Props;
    const webInputsChecked = (
      await web.check({}, { __logicalName: "x", recordUrl: "https://example.com/", storageParams: { cloudVod: {} } })
    ).inputs as Props;
    for (const error of [
      await rejection(cloud.create({ ...cloudInputsChecked, region })),
      await rejection(web.create({ ...webInputsChecked, region })),
    ]) {
      expect(error.code).toBe("InvalidParameter");
      expect(error.message).toContain("is not a region name");
    }
    expect(vi.mocked(post)).not.toHaveBeenCalled();
    expect(received).toEqual([]);
  });

  it("is refused the same way from a tampered state, by read, update and delete", async () => {
    const state = { region, sdkAppId: 1400000000, status: "InProgress", mixLayoutParams: { mixLayoutMode: 3 } };
    await rejection(cloud.read("task-1", state));
    await rejection(cloud.update("task-1", state, { ...state, mixLayoutParams: { mixLayoutMode: 1 } }));
    await rejection(cloud.delete("task-1", state));
    await rejection(web.read("task-1", state));
    await rejection(web.delete("task-1", state));
    expect(vi.mocked(post)).not.toHaveBeenCalled();
    expect(received).toEqual([]);
  });

  it("travels only inside the JSON body when it is an id: a tampered TaskId cannot add a header", async () => {
    await fc.assert(
      fc.asyncProperty(injected, async (taskId) => {
        received.length = 0;
        const state = { region: "ap-singapore", sdkAppId: 1400000000, status: "InProgress" };
        // The endpoint answers ResourceNotFound: the task is reported gone, the call itself succeeds.
        await cloud.read(taskId, state);
        await web.delete(taskId, state);
        expect(received).toHaveLength(2);
        for (const request of received) {
          expect(request.headers["x-injected"]).toBeUndefined();
          expect(request.rawHeaders.some((h) => h.includes("\n") || h.includes("\r"))).toBe(false);
          expect(JSON.parse(request.body).TaskId).toBe(taskId);
        }
      }),
      { numRuns: 20 },
    );
  });
});
