// Every published request example, mapped to resource inputs, passes the providers' check: a valid request the
// service documents must never be refused at preview.

import { describe, expect, it } from "vitest";
import * as cloud from "../../provider/cloudRecordingProvider";
import * as web from "../../provider/webRecordingProvider";
import { configureProviders } from "../providers/configure";
import { asResourceInputs, officialExamples } from "./officialExamples";

const ALL = officialExamples();

describe("official examples pass the providers' check", () => {
  it("covers the seven actions on both sites", () => {
    const covered = new Set(ALL.map((e) => `${e.site}/${e.action}`));
    expect(covered.size).toBe(14);
  });

  it.each(ALL.map((e) => [e.file, e] as const))("%s", async (_file, example) => {
    const { kind, inputs, sdkAppId } = asResourceInputs(example, ALL);
    await configureProviders({
      "trtc:site": example.site,
      "trtc:region": example.site === "intl" ? "ap-singapore" : "ap-guangzhou",
      "trtc:secretId": "AKIDofficialExamples",
      "trtc:secretKey": "official-examples-key",
      ...(sdkAppId === undefined ? {} : { "trtc:sdkAppId": String(sdkAppId) }),
    });
    const provider = kind === "cloud" ? cloud : web;
    const result = await provider.check({}, inputs);
    expect(result.failures ?? []).toEqual([]);
  });
});
