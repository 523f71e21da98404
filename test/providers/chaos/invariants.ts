// What must hold after every step of the chaos run, checked between the real state file (as the CLI wrote it) and
// the tasks the emulator has running:
// - every running task is the one some resource in state points to (no orphan), except a task an "it is unknown
//   whether ... started" or "RecordId ... is held by a running task" error named: the provider told the user it
//   may be running, and the next `up` (same generated id) replaces or takes it over;
// - a resource has one running task: no two live entries share a URN or a TaskId, and a task is kept under the
//   resource it belongs to (by its robot UserId or RecordId);
// - every resource in state whose status says it runs has its task running, unless the state says why not (the
//   old half of a replacement: `delete` or `pendingReplacement`) or the run knows why (its task ended by itself
//   before a refresh read it, or a failed step stopped it on the user's request without learning so); one the state
//   calls ended is not running;
// - nothing the user did not ask for was stopped: a task running before the step and stopped by it belongs to a
//   resource the step removes or replaces (or destroys), or that an earlier failed step left to remove or replace;
// - no pending operation is left in state, and every resource keeps `__provider` (refresh and destroy need it);
// - every error the user saw names the API action and the error code.

import type { TaskView } from "../../../emulator";
import { ACTIONS } from "../../../provider/api/actions";
import type { StateEntry, StateSnapshot } from "./state";

/** Statuses of a task that runs: a cloud robot waiting or recording, a web page recording. */
const RUNNING_STATUSES = new Set(["Idle", "InProgress"]);

/** The resource a task belongs to, from its robot UserId or RecordId (generated `rec-<name>-…`, pinned `pin_<name>`). */
export function ownerOf(task: TaskView): string | undefined {
  const match = /^(?:rec|web)-([a-z0-9]+)-|^pin_([a-z0-9]+)$/.exec(robotOrRecord(task) ?? "");
  return match?.[1] ?? match?.[2];
}

export function robotOrRecord(task: TaskView): string | undefined {
  return (task.kind === "cloud" ? task.userId : task.recordId) ?? undefined;
}

const ACTION_FAILURE = new RegExp(`\\b(${ACTIONS.join("|")}) failed: ([A-Z][A-Za-z]*(?:\\.[A-Za-z0-9]+)*):`);
/** Errors that name no action and code but are still clear; each with why it is acceptable. None so far. */
const EXPLAINED_WITHOUT_ACTION: ReadonlyArray<{ pattern: RegExp; why: string }> = [];

/** Whether a user-facing error says which API action failed and with which code (or is whitelisted). */
export function explainsItself(error: string): boolean {
  return ACTION_FAILURE.test(error) || EXPLAINED_WITHOUT_ACTION.some((allowed) => allowed.pattern.test(error));
}

export interface StepEvidence {
  before: StateSnapshot;
  after: StateSnapshot;
  /** TaskIds running just before the step ran (after the run's own events, such as a natural end). */
  runningBefore: ReadonlySet<string>;
  /** Every task the emulator knows, after the step. */
  tasks: readonly TaskView[];
  /** Resources whose tasks the step may stop. */
  mayStop: ReadonlySet<string>;
  /** TaskIds the run knows to have stopped while state still says they run. */
  explainedStops: ReadonlySet<string>;
  unknownStarts: ReadonlySet<string>;
  /** The errors the CLI reported on resources. */
  errors: readonly string[];
}

export function violations(evidence: StepEvidence): string[] {
  const { after, tasks } = evidence;
  const problems: string[] = [];
  if (after.pendingOperations > 0) problems.push(`${after.pendingOperations} pending operation(s) left in state`);
  for (const error of evidence.errors) {
    if (!explainsItself(error)) problems.push(`an error that names no API action and code: ${error}`);
  }
  const live = after.entries.filter((e) => !e.delete);
  for (const [what, key] of [
    ["URN", (e: StateEntry) => e.urn],
    ["TaskId", (e: StateEntry) => e.id],
  ] as const) {
    const seen = new Set<string>();
    for (const entry of live) {
      if (seen.has(key(entry))) problems.push(`two live resources in state share the ${what} ${key(entry)}`);
      seen.add(key(entry));
    }
  }
  for (const entry of after.entries) {
    if (!entry.hasProvider) problems.push(`${entry.urn} has no __provider in state: refresh and destroy would fail`);
  }

  const byId = new Map(after.entries.map((e) => [e.id, e]));
  const running = tasks.filter((t) => t.running);
  for (const task of running) {
    const entry = byId.get(task.taskId);
    const owner = ownerOf(task);
    if (!entry) {
      const id = robotOrRecord(task);
      if (!id || !evidence.unknownStarts.has(id)) {
        problems.push(
          `task ${task.taskId} of ${owner ?? "no resource"} is running but no resource in state points to it`,
        );
      }
    } else if (owner !== undefined && entry.name !== owner) {
      problems.push(`state keeps task ${task.taskId} under ${entry.name}, but it is ${owner}'s`);
    }
  }

  const isRunning = new Set(running.map((t) => t.taskId));
  for (const entry of live) {
    if (entry.pendingReplacement || entry.status === undefined) continue;
    if (RUNNING_STATUSES.has(entry.status) && !isRunning.has(entry.id) && !evidence.explainedStops.has(entry.id)) {
      problems.push(`${entry.urn} says ${entry.status}, but its task ${entry.id} is not running`);
    }
    if (entry.status === "ended" && isRunning.has(entry.id)) {
      problems.push(`${entry.urn} says ended, but its task ${entry.id} is running`);
    }
  }

  for (const stopped of stoppedByStep(evidence)) {
    if (!evidence.mayStop.has(stopped.name) && !stopped.delete && !stopped.pendingReplacement) {
      problems.push(`the step stopped task ${stopped.id} of ${stopped.name}, which the user did not ask to stop`);
    }
  }
  return problems;
}

/** The state's entries (from before the step) whose tasks ran before the step and no longer run. */
export function stoppedByStep(evidence: Pick<StepEvidence, "before" | "runningBefore" | "tasks">): StateEntry[] {
  const runningNow = new Set(evidence.tasks.filter((t) => t.running).map((t) => t.taskId));
  return evidence.before.entries.filter((e) => evidence.runningBefore.has(e.id) && !runningNow.has(e.id));
}
