// Every published request example of the seven actions, on both sites, passes the request schemas of its action and
// site; the CreateCloudRecording and StartWebRecord examples, taken as resource inputs, pass `check`'s schema with no
// warning. A rule stricter than the sources would refuse one of Tencent's own examples.

import { describe, expect, it } from "vitest";
import type { ActionName } from "../../provider/api/actions";
import { requestSchemas } from "../../provider/api/schemas";
import { toCheckFailures } from "../../provider/api/schemas/issues";
import type { Site } from "../../provider/api/sites";
import { uncapitalize } from "../../provider/api/wire";
import {
  cloudRecordingAdvisories,
  cloudRecordingArgsSchema,
  webRecordingAdvisories,
  webRecordingArgsSchema,
} from "../../provider/recordings/inputs";
import { OFFICIAL_EXAMPLES } from "./officialExamples";

/** The API's PascalCase body in the schemas' camelCase. */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [uncapitalize(key), camel(child)]));
}

const cases = (Object.keys(OFFICIAL_EXAMPLES) as Site[]).flatMap((site) =>
  (Object.entries(OFFICIAL_EXAMPLES[site]) as Array<[ActionName, Array<Record<string, unknown>>]>).flatMap(
    ([action, examples]) => examples.map((example, i) => ({ site, action, i, example })),
  ),
);

describe("the official request examples", () => {
  it("cover the seven actions on both sites", () => {
    for (const site of ["china", "intl"] as const) {
      expect(Object.keys(OFFICIAL_EXAMPLES[site]).sort()).toEqual([
        "CreateCloudRecording",
        "DeleteCloudRecording",
        "DescribeCloudRecording",
        "DescribeWebRecord",
        "ModifyCloudRecording",
        "StartWebRecord",
        "StopWebRecord",
      ]);
    }
  });

  it.each(cases)("$site $action #$i passes the request schema", ({ site, action, example }) => {
    const schema = requestSchemas(site)[action];
    const input = camel(example);
    const parsed = schema.safeParse(input);
    expect(parsed.success ? [] : toCheckFailures(parsed.error.issues, input, schema)).toEqual([]);
  });

  const starts = cases.filter((c) => c.action === "CreateCloudRecording" || c.action === "StartWebRecord");

  it.each(starts)("$site $action #$i passes as resource inputs, with no warning", ({ site, action, example }) => {
    const cloud = action === "CreateCloudRecording";
    const region = site === "intl" ? "ap-singapore" : "ap-guangzhou";
    const inputs = { ...(camel(example) as Record<string, unknown>), region };
    const schema = cloud ? cloudRecordingArgsSchema(site) : webRecordingArgsSchema(site);
    const parsed = schema.safeParse(inputs);
    expect(parsed.success ? [] : toCheckFailures(parsed.error.issues, inputs, schema)).toEqual([]);
    expect((cloud ? cloudRecordingAdvisories : webRecordingAdvisories)(inputs, site)).toEqual([]);
  });
});
