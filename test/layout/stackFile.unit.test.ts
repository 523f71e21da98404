// Finding the CloudRecordings in what the Pulumi CLI writes: real stack exports and previews (stackFixtures.ts).

import { describe, expect, it } from "vitest";
import { CLOUD_RECORDING_TYPE, recordingsIn } from "../../provider/layout";
import { reveal, SECRET_TEXT, UNKNOWN_TEXT } from "../../provider/layout/stackFile";
import { fixture } from "./stackFixtures";

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

describe("recordingsIn: stack export", () => {
  it("finds the CloudRecordings by their type and reads their outputs", () => {
    const { kind, recordings } = recordingsIn(fixture("quickstart.stack-export.json"));
    expect(kind).toBe("stack export");
    // The WebRecording "whiteboard" of the same stack has no mixed layout.
    expect(recordings.map((r) => [r.name, r.from, r.urn])).toEqual([
      [
        "classroom",
        "outputs",
        "urn:pulumi:test::trtc-quickstart::pulumi-nodejs:dynamic/trtc:CloudRecording::classroom",
      ],
    ]);
    expect(recordings[0]?.values).toMatchObject({
      mixLayoutParams: { mixLayoutMode: 3, backGroundColor: "#101820" },
      mixTranscodeParams: { videoParams: { width: 1280, height: 720 } },
      taskId: expect.any(String),
    });
  });

  it("reads a custom layout with its watermarks", () => {
    const [webinar] = recordingsIn(fixture("custom-layout.stack-export.json")).recordings;
    expect(webinar?.name).toBe("webinar");
    expect(webinar?.values.mixLayoutParams).toMatchObject({
      mixLayoutMode: 4,
      mixLayoutList: [
        { userId: "teacher", left: 0 },
        { userId: "teacher", left: 960, mediaId: 1 },
      ],
      waterMarkList: [{ waterMarkType: 0 }, { waterMarkType: 1 }, { waterMarkType: 2 }],
    });
  });

  it("leaves out resources pending deletion and recognises state written with the generic dynamic type", () => {
    const state = fixture("quickstart.stack-export.json");
    const resources = state.deployment.resources as Array<Record<string, unknown>>;
    const classroom = resources.find((r) => r.type === CLOUD_RECORDING_TYPE) ?? {};
    const web = resources.find((r) => String(r.type).endsWith("WebRecording")) ?? {};
    state.deployment.resources = [
      { ...classroom, delete: true },
      {
        ...classroom,
        urn: "urn:pulumi:test::p::pulumi-nodejs:dynamic:Resource::old",
        type: "pulumi-nodejs:dynamic:Resource",
      },
      {
        ...web,
        urn: "urn:pulumi:test::p::pulumi-nodejs:dynamic:Resource::page",
        type: "pulumi-nodejs:dynamic:Resource",
      },
    ];
    expect(recordingsIn(state).recordings.map((r) => r.name)).toEqual(["old"]);
  });

  it("falls back to the inputs when a resource has no outputs", () => {
    const state = fixture("custom-layout.stack-export.json");
    for (const r of state.deployment.resources) if (r.type === CLOUD_RECORDING_TYPE) delete r.outputs;
    const [webinar] = recordingsIn(state).recordings;
    expect(webinar?.from).toBe("inputs");
    expect(webinar?.values.mixLayoutParams).toMatchObject({ mixLayoutMode: 4 });
  });
});

describe("recordingsIn: preview", () => {
  it("reads the new inputs of a recording to be created", () => {
    const { kind, recordings } = recordingsIn(fixture("quickstart.preview.json"));
    expect(kind).toBe("preview");
    expect(recordings.map((r) => [r.name, r.op, r.from])).toEqual([["classroom", "create", "inputs"]]);
    expect(recordings[0]?.values.mixLayoutParams).toEqual({ backGroundColor: "#101820", mixLayoutMode: 3 });
  });

  it("reads the layout an update will apply, not the one in state", () => {
    const [webinar] = recordingsIn(fixture("custom-layout.preview-update.json")).recordings;
    expect(webinar?.op).toBe("update");
    expect(webinar?.values.mixLayoutParams).toMatchObject({
      mixLayoutList: [
        { userId: "teacher", mediaId: 1, left: 0, top: 0, width: 1920, height: 1080, imageLayer: 0 },
        { userId: "teacher", left: 1500, top: 760, width: 400, height: 300, imageLayer: 1 },
      ],
    });
  });

  it("takes one recording per URN from a replacement's several steps", () => {
    const preview = fixture("quickstart.preview.json");
    const step = preview.steps.find((s: { urn: string }) => s.urn.endsWith("::classroom"));
    preview.steps = [
      { ...step, op: "create-replacement" },
      { ...step, op: "replace" },
      { op: "delete-replaced", urn: step.urn, oldState: step.newState },
    ];
    expect(recordingsIn(preview).recordings.map((r) => [r.name, r.op])).toEqual([["classroom", "create-replacement"]]);
  });
});

describe("secrets and unknowns", () => {
  it("reveals plaintext secrets (--show-secrets) and marks the others", () => {
    const envelope = (extra: Record<string, string>) => ({ [SECRET_KEY]: SECRET_SIG, ...extra });
    expect(
      reveal({
        shown: envelope({ plaintext: JSON.stringify({ mixLayoutMode: 1, maxResolutionUserId: "host" }) }),
        hidden: envelope({ ciphertext: "v1:abc" }),
        later: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        list: [envelope({ plaintext: '"a"' }), 1],
      }),
    ).toEqual({
      shown: { mixLayoutMode: 1, maxResolutionUserId: "host" },
      hidden: SECRET_TEXT,
      later: UNKNOWN_TEXT,
      list: ["a", 1],
    });
  });

  it("reads a layout kept secret in the export once it is shown", () => {
    const state = fixture("quickstart.stack-export.json");
    const classroom = state.deployment.resources.find((r: { type: string }) => r.type === CLOUD_RECORDING_TYPE);
    classroom.outputs.mixLayoutParams = {
      [SECRET_KEY]: SECRET_SIG,
      plaintext: JSON.stringify({ mixLayoutMode: 2, maxResolutionUserId: "teacher" }),
    };
    expect(recordingsIn(state).recordings[0]?.values.mixLayoutParams).toEqual({
      mixLayoutMode: 2,
      maxResolutionUserId: "teacher",
    });
  });
});

describe("recordingsIn: other documents", () => {
  it("says what it expected", () => {
    for (const document of [{}, [], "text", null, { version: 3 }, { steps: "x" }]) {
      expect(() => recordingsIn(document)).toThrow(/not a stack export .* nor a preview/);
    }
  });

  it("finds nothing in an empty stack", () => {
    expect(recordingsIn({ version: 3, deployment: { manifest: {} } })).toEqual({
      kind: "stack export",
      recordings: [],
    });
    expect(recordingsIn({ steps: [] })).toEqual({ kind: "preview", recordings: [] });
  });
});
