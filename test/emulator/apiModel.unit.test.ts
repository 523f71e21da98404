// The emulator's own API description: self-consistent, independent of the provider's schemas, and interpreted with
// the documented codes.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../emulator/apiError";
import { isStructName, REQUEST_STRUCTS, STRUCTS, structSpec } from "../../emulator/apiModel";
import { DOCUMENTED_ERRORS } from "../../emulator/errorCodes";
import { fileNameEncode, subscribed } from "../../emulator/recordingFiles";
import { validateRequest } from "../../emulator/validation";
import { ACTIONS } from "../../provider/api/actions";

const ROOT = join(__dirname, "..", "..");
const OPTIONS = { site: "intl", webMaxDurationSeconds: 86400 } as const;

function codeOf(run: () => unknown): string {
  try {
    run();
    return "OK";
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe("apiModel", () => {
  it("names a scalar or a described structure for every field, and a page for every structure", () => {
    for (const [name, struct] of Object.entries(STRUCTS)) {
      expect(struct.doc, name).toMatch(/^https:\/\//);
      for (const [field, spec] of Object.entries(structSpec(name as keyof typeof STRUCTS).fields)) {
        const known = ["uint64", "int64", "string", "bool"].includes(spec.kind) || isStructName(spec.kind);
        expect(known, `${name}.${field}: ${spec.kind}`).toBe(true);
        if (spec.doc) expect(spec.doc).toMatch(/^https:\/\//);
      }
    }
    expect(Object.keys(REQUEST_STRUCTS).sort()).toEqual([...ACTIONS].sort());
  });

  it("is the emulator's own: no emulator module imports the provider's schemas or anything outside provider/api", () => {
    for (const file of readdirSync(join(ROOT, "emulator")).filter((name) => name.endsWith(".ts"))) {
      const text = readFileSync(join(ROOT, "emulator", file), "utf8");
      const imports = [...text.matchAll(/from "(\.\.\/provider\/[^"]+)"/g)].map((m) => m[1] ?? "");
      for (const target of imports) {
        expect(target, `${file} imports ${target}`).toMatch(/^\.\.\/provider\/api\/[a-zA-Z]+$/);
      }
    }
  });

  it("answers the documented MissingParameter sub-code only where the action documents it", () => {
    const missingTaskId = (action: "DescribeCloudRecording" | "StopWebRecord") =>
      codeOf(() => validateRequest(action, { SdkAppId: 1 }, OPTIONS));
    expect(DOCUMENTED_ERRORS.DescribeCloudRecording).toContain("MissingParameter.TaskId");
    expect(missingTaskId("DescribeCloudRecording")).toBe("MissingParameter.TaskId");
    expect(missingTaskId("StopWebRecord")).toBe("UnknownParameter");
    expect(codeOf(() => validateRequest("StopWebRecord", {}, OPTIONS))).toBe("MissingParameter");
  });

  it("knows the fields of each site", () => {
    const body = { SdkAppId: 1, TaskId: "t", RecorderKey: "k" };
    expect(codeOf(() => validateRequest("DescribeCloudRecording", body, OPTIONS))).toBe("UnknownParameter");
    expect(codeOf(() => validateRequest("DescribeCloudRecording", body, { ...OPTIONS, site: "china" }))).toBe("OK");
  });
});

describe("file-name helpers", () => {
  it("encode as base64 with / → - and = → .", () => {
    // 0xfb 0xff → "+/8=" in base64.
    expect(fileNameEncode("\u00fb\u00ff")).toBe(
      Buffer.from("\u00fb\u00ff").toString("base64").replace(/\//g, "-").replace(/=/g, "."),
    );
    expect(fileNameEncode("teacher")).toBe("dGVhY2hlcg..");
  });

  it("match subscription lists exactly or by a .*$ prefix, allowlist before blocklist", () => {
    expect(subscribed(undefined, "a", "Audio")).toBe(true);
    expect(subscribed({ SubscribeAudioUserIds: ["1.*$"] }, "123", "Audio")).toBe(true);
    expect(subscribed({ SubscribeAudioUserIds: ["1.*$"] }, "213", "Audio")).toBe(false);
    expect(subscribed({ UnSubscribeVideoUserIds: ["bot"] }, "bot", "Video")).toBe(false);
    expect(subscribed({ UnSubscribeVideoUserIds: ["bot"] }, "bot", "Audio")).toBe(true);
  });
});
