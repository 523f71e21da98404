// The chaos run's invariants (invariants.ts) on hand-made evidence: they hold for a sound step and catch each kind
// of break, so a chaos run that reports no violation has checked something.
import { describe, expect, it } from "vitest";
import type { TaskView } from "../../../emulator";
import { CLOUD_TYPE } from "../../cli/cliStack";
import { type StepEvidence, violations } from "./invariants";
import { PROJECT } from "./recordings";
import type { StateEntry, StateSnapshot } from "./state";

describe("the invariants", () => {
  const task = (taskId: string, userId: string, running = true) =>
    ({ kind: "cloud", taskId, userId, recordId: null, running }) as TaskView;
  const entry = (name: string, id: string, extra: Partial<StateEntry> = {}): StateEntry => ({
    urn: `urn:pulumi:chaos::${PROJECT}::${CLOUD_TYPE}::${name}`,
    name,
    type: CLOUD_TYPE,
    id,
    status: "InProgress",
    delete: false,
    pendingReplacement: false,
    initErrors: [],
    hasProvider: true,
    ...extra,
  });
  const state = (...entries: StateEntry[]): StateSnapshot => ({ entries, pendingOperations: 0 });
  const evidence = (over: Partial<StepEvidence>): StepEvidence => ({
    before: state(entry("c0", "T0")),
    after: state(entry("c0", "T0")),
    runningBefore: new Set(["T0"]),
    tasks: [task("T0", "rec-c0-20000-abcdef")],
    mayStop: new Set(),
    explainedStops: new Set(),
    unknownStarts: new Set(),
    errors: [],
    ...over,
  });

  it("hold for a task that runs under the resource pointing to it", () => {
    expect(violations(evidence({}))).toEqual([]);
  });

  it("catch an orphan, unless an error said it may run", () => {
    const tasks = [task("T0", "rec-c0-20000-abcdef"), task("T1", "rec-c1-20001-abcdef")];
    expect(violations(evidence({ tasks }))).toEqual(["task T1 of c1 is running but no resource in state points to it"]);
    expect(violations(evidence({ tasks, unknownStarts: new Set(["rec-c1-20001-abcdef"]) }))).toEqual([]);
  });

  it("catch a task kept under another resource, and two resources on one task", () => {
    expect(violations(evidence({ after: state(entry("c1", "T0")) }))).toEqual([
      "state keeps task T0 under c1, but it is c0's",
    ]);
    expect(violations(evidence({ after: state(entry("c0", "T0"), entry("c1", "T0")) }))).toContain(
      "two live resources in state share the TaskId T0",
    );
  });

  it("catch a resource said to run whose task stopped, unless the state or the run says why", () => {
    const tasks = [task("T0", "rec-c0-20000-abcdef", false)];
    const mayStop = new Set(["c0"]);
    expect(violations(evidence({ tasks, mayStop }))).toEqual([
      `urn:pulumi:chaos::${PROJECT}::${CLOUD_TYPE}::c0 says InProgress, but its task T0 is not running`,
    ]);
    expect(violations(evidence({ tasks, mayStop, explainedStops: new Set(["T0"]) }))).toEqual([]);
    expect(violations(evidence({ tasks, mayStop, after: state(entry("c0", "T0", { delete: true })) }))).toEqual([]);
  });

  it("catch a stop the user did not ask for", () => {
    const tasks = [task("T0", "rec-c0-20000-abcdef", false)];
    expect(violations(evidence({ tasks, after: state() }))).toEqual([
      "the step stopped task T0 of c0, which the user did not ask to stop",
    ]);
    expect(violations(evidence({ tasks, after: state(), mayStop: new Set(["c0"]) }))).toEqual([]);
  });

  it("catch an error that names no API action and code, a pending operation and a lost __provider", () => {
    const after = { entries: [entry("c0", "T0", { hasProvider: false })], pendingOperations: 1 };
    expect(violations(evidence({ after, errors: ["TypeError: cannot read properties of undefined"] }))).toEqual([
      "1 pending operation(s) left in state",
      "an error that names no API action and code: TypeError: cannot read properties of undefined",
      `urn:pulumi:chaos::${PROJECT}::${CLOUD_TYPE}::c0 has no __provider in state: refresh and destroy would fail`,
    ]);
    expect(violations(evidence({ errors: ["DeleteCloudRecording failed: InternalError: x"] }))).toEqual([]);
  });
});
