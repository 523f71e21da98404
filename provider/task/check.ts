// `check`: defaults from the settings, a generated id, and validation against the declared schema, at preview time
// with no network call and no credentials.

import type { ActionName } from "../api/actions";
import { API_DEFAULTS } from "../api/defaults";
import { regionsFor } from "../api/regions";
import { type CheckFailure, toCheckFailures, UNKNOWN } from "../api/schemas/issues";
import type { TaskDeclaration } from "./declaration";
import { warn } from "./diagnostics";
import { freshId } from "./names";
import { AUTONAMED_KEY, NAME_KEY, PROVIDER_KEY, type Props, STACK_KEY } from "./props";
import { describeSources, type TrtcSettings } from "./settings";

export async function checkInputs(
  task: TaskDeclaration,
  settings: TrtcSettings,
  olds: Props,
  news: Props,
): Promise<{ inputs: Props; failures: CheckFailure[] }> {
  const {
    [PROVIDER_KEY]: _provider,
    [NAME_KEY]: rawName,
    [STACK_KEY]: rawStack,
    [AUTONAMED_KEY]: _auto,
    ...fields
  } = news;
  const name = typeof rawName === "string" ? rawName : "recording";
  const stack = typeof rawStack === "string" ? rawStack : "";
  const inputs: Props = { ...fields };
  if (inputs.region === undefined && settings.region !== undefined) inputs.region = settings.region;
  if (inputs.sdkAppId === undefined && settings.sdkAppId !== undefined) inputs.sdkAppId = settings.sdkAppId;

  const idField = task.id.field;
  let autoNamed = false;
  if (inputs[idField] === undefined) {
    autoNamed = true;
    const previous = olds[idField];
    if (olds[AUTONAMED_KEY] === true && typeof previous === "string") inputs[idField] = previous;
    else inputs[idField] = freshId(task.id, { ...inputs, [NAME_KEY]: name, [STACK_KEY]: stack });
  }

  noteDeclared(inputs.sdkAppId, `${stack}/${task.type}/${name}`);
  const schema = await task.inputs(settings.site);
  const parsed = schema.safeParse(inputs);
  const failures = parsed.success ? [] : toCheckFailures(parsed.error.issues, inputs, schema);
  failures.push(...configuredFieldFailures(inputs, settings, task.startAction));
  failures.push(...(task.extraFailures?.(inputs, settings, olds) ?? []));
  for (const advisory of (await task.advisories?.(inputs, settings.site)) ?? []) {
    warn(`${task.type} "${name}": ${advisory.property} ${advisory.reason}.`);
  }
  return { inputs: { ...inputs, [NAME_KEY]: name, [STACK_KEY]: stack, [AUTONAMED_KEY]: autoNamed }, failures };
}

// The service runs a limited number of recording tasks per account at once (FailedOperation.RestrictedConcurrency,
// https://www.tencentcloud.com/document/product/647/45169), cloud and web recordings together. All of a stack's
// resources of both kinds are checked in one provider process, so one count per process warns at preview time,
// before any task starts.
const declared = new Map<unknown, Set<string>>();

function noteDeclared(sdkAppId: unknown, resource: string): void {
  let resources = declared.get(sdkAppId);
  if (!resources) {
    resources = new Set();
    declared.set(sdkAppId, resources);
  }
  resources.add(resource);
  const limit = API_DEFAULTS.concurrentRecordingTasks;
  if (resources.size === limit + 1) {
    warn(
      `This stack declares more than ${limit} recordings for SdkAppId ${String(sdkAppId)}: the service runs at most ${limit} recording tasks per account at once unless the limit was raised, and further starts fail with FailedOperation.RestrictedConcurrency. (Cloud and web recordings are counted together here; whether the service counts web recordings toward that limit is not documented.)`,
    );
  }
}

function configuredFieldFailures(inputs: Props, settings: TrtcSettings, action: ActionName): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (inputs.sdkAppId === undefined) {
    failures.push({ property: "sdkAppId", reason: `is required: set it or ${describeSources("sdkAppId")}` });
  }
  const region = inputs.region;
  if (region === undefined) {
    failures.push({ property: "region", reason: `is required: set it or ${describeSources("region")}` });
  } else if (typeof region === "string" && region !== UNKNOWN && /^[a-z0-9-]{1,32}$/.test(region)) {
    const allowed = regionsFor(settings.site, action);
    if (!allowed.includes(region)) {
      failures.push({
        property: "region",
        reason: `${action} on the ${settings.site === "china" ? "China" : "international"} site is offered in ${allowed.join(", ")}, not "${region}"`,
      });
    }
  }
  return failures;
}
