// Every published request example passes the emulator's own validation, for its site: starting examples start a
// task, the others reach their action (and find no task with the example's TaskId), never a parameter error.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { validateRequest } from "../../emulator/validation";
import { call, startTestEmulator } from "../emulator/helpers";
import { officialExamples } from "./officialExamples";

const ALL = officialExamples();
const PARAMETER_ERRORS = /^(MissingParameter|InvalidParameter|InvalidParameterValue|UnknownParameter)(\.|$)/;

const emulators: Partial<Record<"intl" | "china", Emulator>> = {};

beforeAll(async () => {
  emulators.intl = await startTestEmulator({ site: "intl" });
  emulators.china = await startTestEmulator({ site: "china" });
});

afterAll(async () => {
  await Promise.all(Object.values(emulators).map((e) => e?.close()));
});

describe("official examples pass the emulator", () => {
  it.each(ALL.map((e) => [e.file, e] as const))("%s", async (_file, example) => {
    expect(() =>
      validateRequest(example.action, example.request, { site: example.site, webMaxDurationSeconds: 86400 }),
    ).not.toThrow();
    const emulator = emulators[example.site];
    if (!emulator) throw new Error("emulator not started");
    const region = example.site === "intl" && example.action.endsWith("WebRecord") ? "ap-singapore" : "ap-guangzhou";
    const answer = await call(emulator.url, example.action, example.request, { region });
    expect(answer.code).not.toMatch(PARAMETER_ERRORS);
    if (example.action === "CreateCloudRecording" || example.action === "StartWebRecord") {
      expect(answer.code).toBe("OK");
    } else {
      expect(answer.code).toMatch(/^(ResourceNotFound|FailedOperation\.TaskNotExist)$/);
    }
  });
});
