// The request examples Tencent publishes for the seven actions, on both sites (test/fixtures/official-examples/,
// each with its source: the docs page's example section and the same body in tccli's examples.json).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ActionName } from "../../provider/api/actions";
import type { Site } from "../../provider/api/sites";
import { uncapitalize } from "../../provider/api/wire";

export interface OfficialExample {
  action: ActionName;
  site: Site;
  title: string;
  source: { examples: string; page?: string };
  request: Record<string, unknown>;
  /** `site/File.json`, for test names. */
  file: string;
}

const DIR = join(__dirname, "..", "fixtures", "official-examples");

export function officialExamples(): OfficialExample[] {
  return (["intl", "china"] as const).flatMap((site) =>
    readdirSync(join(DIR, site))
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => ({
        ...(JSON.parse(readFileSync(join(DIR, site, name), "utf8")) as Omit<OfficialExample, "file">),
        file: `${site}/${name}`,
      })),
  );
}

type Props = Record<string, unknown>;

/** API names to input names at every depth: `MixLayoutParams.BackGroundColor` → `mixLayoutParams.backGroundColor`. */
function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [uncapitalize(key), fromWire(child)]));
}

/** The example that starts a task of the same kind on the same site, for actions that need a resource around them. */
function starting(example: OfficialExample, all: OfficialExample[]): OfficialExample {
  const action = example.action.endsWith("WebRecord") ? "StartWebRecord" : "CreateCloudRecording";
  const found = all.find((e) => e.site === example.site && e.action === action);
  if (!found) throw new Error(`no ${action} example for ${example.site}`);
  return found;
}

/**
 * An example as resource inputs: camelCase, without SdkAppId (stack config, returned separately). A Modify example's
 * objects go onto its site's Create example; a Describe, Delete or Stop example's TaskId is adopted.
 */
export function asResourceInputs(
  example: OfficialExample,
  all: OfficialExample[],
): { kind: "cloud" | "web"; inputs: Props; sdkAppId: number | undefined } {
  const kind = example.action.endsWith("WebRecord") ? "web" : "cloud";
  const { SdkAppId, ...request } = example.request;
  // DescribeWebRecord and StopWebRecord take no SdkAppId: the resource has its start example's.
  const appId = SdkAppId ?? starting(example, all).request.SdkAppId;
  const sdkAppId = typeof appId === "number" ? appId : undefined;
  const base = (): Props => {
    const { SdkAppId: _ignored, ...start } = starting(example, all).request;
    return fromWire(start) as Props;
  };
  let inputs: Props;
  switch (example.action) {
    case "CreateCloudRecording":
    case "StartWebRecord":
      inputs = fromWire(request) as Props;
      break;
    case "ModifyCloudRecording": {
      const { mixLayoutParams, subscribeStreamUserIds } = fromWire(request) as Props;
      const start = base();
      inputs = {
        ...start,
        ...(mixLayoutParams === undefined ? {} : { mixLayoutParams }),
        recordParams: {
          ...(start.recordParams as Props),
          ...(subscribeStreamUserIds === undefined ? {} : { subscribeStreamUserIds }),
        },
      };
      break;
    }
    default:
      inputs = { ...base(), adoptTaskId: request.TaskId };
  }
  return { kind, inputs: { __logicalName: "official", ...inputs }, sdkAppId };
}
