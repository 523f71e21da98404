// Property-based tests of both providers' `check`, called directly after `configure`: it accepts every valid input
// across the documented space, rejects each broken rule at the broken field's path, and on any input whatsoever
// neither throws nor reaches the network. The example-based rules are in test/providers/check.unit.test.ts. The signer's
// agreement with the official SDK signer and the UserSig round trip are property-tested in
// test/api/signing.unit.test.ts and test/api/userSig.unit.test.ts.
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TrtcClient } from "../../provider/client/client";
import { post } from "../../provider/client/transport";
import * as cloud from "../../provider/cloudRecordingProvider";
import * as web from "../../provider/webRecordingProvider";
import { CLOUD_CORRUPTIONS } from "./arbitraries/cloudCorruptions";
import type { Corruption } from "./arbitraries/corruptions";
import { type Kind, type Props, SITES, type Site } from "./arbitraries/fields";
import { anyValidInputs, validInputs } from "./arbitraries/inputs";
import { WEB_CORRUPTIONS } from "./arbitraries/webCorruptions";
import { configureProviders } from "./configure";

// Every request goes through transport.post: wrapped so a call from `check` would be seen.
vi.mock("../../provider/client/transport", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../provider/client/transport")>();
  return { ...original, post: vi.fn(original.post) };
});

const providers: Record<Kind, typeof cloud | typeof web> = { cloud, web };

/** Provider config for a site; the endpoint is a closed port, which a network call would hit. */
function configure(site: Site): void {
  const values: Record<string, string> = {
    "trtc:site": site,
    "trtc:region": site === "intl" ? "ap-singapore" : "ap-shanghai",
    "trtc:sdkAppId": "1400000000",
    "trtc:sdkSecretKey": "fuzz-sdk-secret-key",
    "trtc:secretId": "AKIDfuzz",
    "trtc:secretKey": "fuzz-secret-key",
    "trtc:endpoint": "http://127.0.0.1:9",
  };
  void configureProviders(values);
}

const properties = (failures: Array<{ property: string }> | undefined) => [
  ...new Set((failures ?? []).map((f) => f.property)),
];

let apiCall: ReturnType<typeof vi.spyOn>;

beforeAll(() => {
  apiCall = vi.spyOn(TrtcClient.prototype, "call");
});

afterAll(() => {
  apiCall.mockRestore();
});

describe("check accepts", () => {
  it("every valid input of either resource on either site", async () => {
    await fc.assert(
      fc.asyncProperty(anyValidInputs, async ({ kind, site, inputs }) => {
        configure(site);
        const result = await providers[kind].check({}, { ...inputs, __logicalName: "fuzz" });
        expect(result.failures).toEqual([]);
        // The identifier generated when none is given is valid for the API too.
        const id = String(result.inputs?.[kind === "cloud" ? "userId" : "recordId"]);
        expect(Buffer.byteLength(id)).toBeLessThanOrEqual(kind === "cloud" ? 32 : 31);
      }),
      { numRuns: 150 },
    );
  });

  it("the same inputs again as an update, keeping a generated id", async () => {
    await fc.assert(
      fc.asyncProperty(anyValidInputs, async ({ kind, site, inputs }) => {
        configure(site);
        const provider = providers[kind];
        const first = await provider.check({}, { ...inputs, __logicalName: "fuzz" });
        const again = await provider.check(first.inputs ?? {}, { ...inputs, __logicalName: "fuzz" });
        expect(again.failures).toEqual([]);
        expect(again.inputs).toEqual(first.inputs);
      }),
      { numRuns: 40 },
    );
  });
});

function rejectsEach(kind: Kind, corruptions: readonly Corruption[]): void {
  corruptions.forEach((corruption, index) => {
    it(`${kind} #${index} ${corruption.rule}: ${corruption.path}`, async () => {
      let applied = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...SITES).chain((site) => validInputs(kind, site).map((inputs) => ({ site, inputs }))),
          fc.nat(),
          async ({ site, inputs }, choice) => {
            const broken = structuredClone(inputs);
            const hosts = corruption.apply(broken, site, (values) => values[choice % values.length] as never);
            fc.pre(hosts);
            applied++;
            configure(site);
            const result = await providers[kind].check({}, { ...broken, __logicalName: "fuzz" });
            expect(properties(result.failures)).toEqual([corruption.path]);
            // Reasons say what is wrong without repeating what may be a secret.
            for (const value of secretValues(broken)) {
              for (const failure of result.failures ?? []) expect(failure.reason).not.toContain(value);
            }
          },
        ),
        { numRuns: 8 },
      );
      expect(applied).toBeGreaterThan(0);
    });
  });
}

/** The UserSig, PrivateMapKey and storage keys of the inputs, where long enough to be told apart from words. */
function secretValues(inputs: Props): string[] {
  const storage = (inputs.storageParams as Props | undefined)?.cloudStorage as Props | undefined;
  return [inputs.userSig, inputs.privateMapKey, storage?.accessKey, storage?.secretKey].filter(
    (v): v is string => typeof v === "string" && v.length >= 8,
  );
}

describe("check rejects each broken rule at the field's path", () => {
  rejectsEach("cloud", CLOUD_CORRUPTIONS);
  rejectsEach("web", WEB_CORRUPTIONS);
});

/** Every path into a JSON-like value, for replacing one subtree. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === "object") {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  }
  return here;
}

function replacedAt(root: Props, path: Array<string | number>, replacement: unknown): Props {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = replacement;
  return copy;
}

const KNOWN_KEYS = [
  "roomId",
  "userId",
  "userSig",
  "recordParams",
  "storageParams",
  "mixLayoutParams",
  "mixTranscodeParams",
  "recordUrl",
  "recordId",
  "region",
  "sdkAppId",
  "whenEnded",
  "adoptTaskId",
  "publishCdnParams",
  "__logicalName",
  "__autoNamed",
  "__provider",
  "__proto__",
  "constructor",
];

/** What the host can hand `check` (a protobuf Struct: JSON values only), from valid-looking to anything. */
const anyNews: fc.Arbitrary<Props> = fc.oneof(
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }),
  fc.dictionary(fc.constantFrom(...KNOWN_KEYS), fc.jsonValue({ maxDepth: 4 })),
  anyValidInputs.chain(({ inputs }) => {
    const paths = pathsOf(inputs);
    return fc
      .tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }))
      .map(([path, replacement]) => replacedAt(inputs, path, replacement));
  }),
);

describe("check on arbitrary input", () => {
  it("never throws, always answers in a form the host can send, and never calls the API", async () => {
    const posts = vi.mocked(post);
    apiCall.mockClear();
    posts.mockClear();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Kind>("cloud", "web"),
        fc.constantFrom(...SITES),
        fc.oneof(fc.constant({}), anyNews),
        anyNews,
        async (kind, site, olds, news) => {
          configure(site);
          const result = await providers[kind].check(olds, news);
          for (const failure of result.failures ?? []) {
            expect(typeof failure.property).toBe("string");
            expect(typeof failure.reason).toBe("string");
            expect(failure.reason.length).toBeGreaterThan(0);
          }
          // The host turns the answer into a protobuf Struct, which throws on undefined and non-JSON values.
          expect(() => Struct.fromJavaScript(result.inputs as never)).not.toThrow();
        },
      ),
      { numRuns: 250 },
    );
    expect(apiCall).not.toHaveBeenCalled();
    expect(posts).not.toHaveBeenCalled();
  });
});
