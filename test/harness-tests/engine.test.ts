import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamicHost, startDynamicHost } from "../harness/dynamicHost";
import { Deployment, type DeploymentOptions, type DesiredResource } from "../harness/engine";
import { isSecret, type Props, secret, UNKNOWN } from "../harness/secrets";
import { captureProviders } from "../harness/stack";
import { emptyState, type ResourceOptions, type StackState } from "../harness/stackState";
import {
  COUNTER_TYPE,
  type CounterProgram,
  counterConfig,
  NOTE_TYPE,
  PROJECT,
  prepareCounterProgram,
  readRemote,
} from "./counterFixture";

describe("the mini engine (Deployment) over one shared host", () => {
  let program: CounterProgram;
  let host: DynamicHost;
  let counterProvider: string;
  let noteProvider: string;
  let stackCount = 0;

  beforeAll(async () => {
    program = prepareCounterProgram("engine");
    const config = counterConfig(
      program.remoteFile,
      { a: { value: 1, group: "g" } },
      { "fixture:notes": JSON.stringify({ n: "hi" }) },
    );
    const [captured, started] = await Promise.all([
      captureProviders(program.programDir, { config }),
      startDynamicHost({ cwd: program.programDir, project: PROJECT }),
    ]);
    host = started;
    await host.configure({ "counter:remoteFile": program.remoteFile });
    counterProvider = captured.find((r) => r.type === COUNTER_TYPE)?.provider as string;
    noteProvider = captured.find((r) => r.type === NOTE_TYPE)?.provider as string;
  });

  afterAll(async () => {
    await host?.close();
    program?.cleanup();
  });

  /** A fresh stack per test, so URNs never collide on the shared host and remote. */
  function newStack(): StackState {
    return emptyState(PROJECT, `t${++stackCount}`);
  }

  function counter(name: string, inputs: Props, options: Partial<ResourceOptions> = {}): DesiredResource {
    return {
      type: COUNTER_TYPE,
      name,
      inputs: { ...inputs, __logicalName: name, __provider: counterProvider },
      options,
    };
  }

  /** One deployment: register everything concurrently (as a program would), then finish. */
  async function deploy(
    state: StackState,
    resources: DesiredResource[],
    options: Partial<DeploymentOptions> = {},
  ): Promise<{ deployment: Deployment; outputs: Array<Props | Error>; calls: string[] }> {
    const before = host.calls().length;
    const deployment = new Deployment({ state, host, ...options });
    const outputs = await Promise.all(
      resources.map((r) =>
        deployment.registerResource(r).then(
          (res) => res.outputs,
          (e: Error) => e,
        ),
      ),
    );
    await deployment.finish();
    const calls = host
      .calls()
      .slice(before)
      .map((c) => c.method);
    return { deployment, outputs, calls };
  }

  const ops = (d: Deployment) => d.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`);
  const idOf = (state: StackState, name: string) => state.resources.find((r) => r.name === name)?.id as string;

  it("creates, then on an unchanged run calls only check and diff and keeps the old outputs", async () => {
    const first = await deploy(newStack(), [counter("a", { value: 1, group: "g" })]);
    expect(ops(first.deployment)).toEqual(["create a"]);
    expect(first.calls).toEqual(["check", "create"]);

    const second = await deploy(first.deployment.state, [counter("a", { value: 1, group: "g" })]);
    expect(ops(second.deployment)).toEqual(["same a"]);
    expect(second.calls).toEqual(["check", "diff"]);
    expect(second.outputs[0]).toEqual(first.outputs[0]);
    expect(second.deployment.state.resources[0]?.outputs).toEqual(first.deployment.state.resources[0]?.outputs);
  });

  it("updates in place", async () => {
    const first = await deploy(newStack(), [counter("a", { value: 1, group: "g" })]);
    const second = await deploy(first.deployment.state, [counter("a", { value: 2, group: "g" })]);
    expect(ops(second.deployment)).toEqual(["update a"]);
    expect(second.calls).toEqual(["check", "diff", "update"]);
    expect(second.outputs[0]).toMatchObject({ value: 2, counterId: idOf(first.deployment.state, "a") });
  });

  it("replaces create-before-delete by default, re-checking so the autonamed name is fresh", async () => {
    const first = await deploy(newStack(), [
      counter("a", { value: 1, group: "g" }),
      counter("b", { value: 1, group: "g" }),
    ]);
    const oldId = idOf(first.deployment.state, "a");
    const oldName = (first.outputs[0] as Props).name;

    const deployment = new Deployment({ state: first.deployment.state, host });
    const [a] = await Promise.all([
      deployment.registerResource(counter("a", { value: 1, group: "h" })),
      deployment.registerResource(counter("b", { value: 1, group: "g" })),
    ]);
    // The old one waits for the end of the deployment, recorded as a pending delete.
    expect(deployment.state.resources.filter((r) => r.name === "a").map((r) => r.pendingDelete ?? false)).toEqual([
      false,
      true,
    ]);
    await deployment.finish();

    expect(a.outputs.name).not.toBe(oldName);
    expect(a.outputs.name).toMatch(/^a-[0-9a-f]{6}$/);
    expect(ops(deployment).filter((o) => o.endsWith(" a"))).toEqual([
      "replace a",
      "create-replacement a",
      "delete-replaced a",
    ]);
    expect(deployment.steps.at(-1)?.op).toBe("delete-replaced");
    const log = readRemote(program.remoteFile).log;
    expect(log.indexOf(`create ${a.id} ${a.outputs.name}`)).toBeLessThan(log.indexOf(`delete ${oldId}`));
    expect(deployment.state.resources.map((r) => r.id)).toEqual([a.id, idOf(first.deployment.state, "b")]);
  });

  it("replaces delete-before-replace when the provider asks for it or the option is set", async () => {
    const first = await deploy(newStack(), [
      counter("p", { value: 1, group: "g", pinned: true }),
      counter("o", { value: 1, group: "g" }, { deleteBeforeReplace: true }),
    ]);
    const second = await deploy(first.deployment.state, [
      counter("p", { value: 1, group: "h", pinned: true }),
      counter("o", { value: 1, group: "h" }, { deleteBeforeReplace: true }),
    ]);
    const log = readRemote(program.remoteFile).log;
    for (const name of ["p", "o"]) {
      const oldId = idOf(first.deployment.state, name);
      const newId = idOf(second.deployment.state, name);
      expect(ops(second.deployment).filter((o) => o.endsWith(` ${name}`))).toEqual([
        `replace ${name}`,
        `delete-replaced ${name}`,
        `create-replacement ${name}`,
      ]);
      expect(second.deployment.steps.find((s) => s.op === "replace" && s.urn.endsWith(`::${name}`))).toMatchObject({
        replaces: ["group"],
        deleteBeforeReplace: true,
      });
      expect(log.indexOf(`delete ${oldId}`)).toBeGreaterThanOrEqual(0);
      expect(log.indexOf(`delete ${oldId}`)).toBeLessThan(log.findIndex((l) => l.startsWith(`create ${newId} `)));
    }
  });

  it("refuses to replace or delete a protected resource", async () => {
    const first = await deploy(newStack(), [counter("a", { value: 1, group: "g" }, { protect: true })]);
    const replaced = await deploy(first.deployment.state, [counter("a", { value: 1, group: "h" }, { protect: true })]);
    expect(replaced.outputs[0]).toBeInstanceOf(Error);
    expect(replaced.deployment.errors[0]).toContain("as it is currently marked for protection");
    expect(replaced.calls).toEqual(["check", "diff"]);

    const removed = await deploy(first.deployment.state, []);
    expect(removed.deployment.errors[0]).toContain(`unable to delete resource`);
    expect(removed.deployment.state.resources).toHaveLength(1);
    expect(removed.calls).toEqual([]);
  });

  it("drops a retainOnDelete resource from state without deleting it", async () => {
    const first = await deploy(newStack(), [counter("a", { value: 1, group: "g" }, { retainOnDelete: true })]);
    const id = idOf(first.deployment.state, "a");
    const removed = await deploy(first.deployment.state, []);
    expect(removed.deployment.steps).toMatchObject([{ op: "delete", retained: true }]);
    expect(removed.deployment.state.resources).toEqual([]);
    expect(readRemote(program.remoteFile).counters[id]).toBeDefined();
  });

  it("ignoreChanges keeps the old input value", async () => {
    const first = await deploy(newStack(), [counter("a", { value: 1, group: "g" }, { ignoreChanges: ["value"] })]);
    const second = await deploy(first.deployment.state, [
      counter("a", { value: 9, group: "g" }, { ignoreChanges: ["value"] }),
    ]);
    expect(ops(second.deployment)).toEqual(["same a"]);
    expect(second.deployment.state.resources[0]?.inputs.value).toBe(1);
  });

  it("on DIFF_UNKNOWN (no diff method) compares inputs itself; without update() the host keeps only __provider", async () => {
    const note = (text: string): DesiredResource => ({
      type: NOTE_TYPE,
      name: "n",
      inputs: { text, __provider: noteProvider },
    });
    const first = await deploy(newStack(), [note("one")]);
    expect(first.outputs[0]).toMatchObject({ text: "one", createdBy: "note-provider" });
    const same = await deploy(first.deployment.state, [note("one")]);
    expect(ops(same.deployment)).toEqual(["same n"]);
    const changed = await deploy(same.deployment.state, [note("two")]);
    expect(ops(changed.deployment)).toEqual(["update n"]);
    expect(changed.outputs[0]).toEqual({ __provider: noteProvider });
  });

  it("previews without calling anything mutating", async () => {
    const first = await deploy(newStack(), [
      counter("a", { value: 1, group: "g" }),
      counter("gone", { value: 1, group: "g" }),
    ]);
    const remoteBefore = readRemote(program.remoteFile);
    const newOne = { ...counter("c", { value: 1, group: UNKNOWN }), outputKeys: ["counterId", "serial", "token"] };
    const planned = await deploy(first.deployment.state, [counter("a", { value: 2, group: "g" }), newOne], {
      preview: true,
    });
    expect(ops(planned.deployment).sort()).toEqual(["create c", "delete gone", "update a"]);
    expect(planned.deployment.steps.every((s) => s.preview)).toBe(true);
    expect(planned.calls.every((m) => m === "check" || m === "diff")).toBe(true);
    expect(planned.outputs[1]).toMatchObject({ group: UNKNOWN, counterId: UNKNOWN, value: 1 });
    expect(readRemote(program.remoteFile)).toEqual(remoteBefore);
  });

  it("keeps secrets secret: annotateSecrets from the inputs, additionalSecretOutputs, and again after refresh", async () => {
    const first = await deploy(newStack(), [
      counter("a", { value: 1, group: "g", secretToken: secret("tok") }, { additionalSecretOutputs: ["token"] }),
    ]);
    const outputs = first.outputs[0] as Props;
    expect(outputs.secretToken).toEqual(secret("tok"));
    expect(isSecret(outputs.token)).toBe(true);
    expect(isSecret(outputs.serial)).toBe(false);
    expect(first.deployment.state.resources[0]?.inputs.secretToken).toEqual(secret("tok"));

    const refreshed = new Deployment({ state: first.deployment.state, host });
    await refreshed.refresh();
    const resource = refreshed.state.resources[0];
    expect(resource?.outputs.secretToken).toEqual(secret("tok"));
    expect(isSecret(resource?.outputs.token)).toBe(true);
    expect(resource?.inputs.secretToken).toEqual(secret("tok"));
  });

  it("refreshes: changed outputs and inputs are taken, gone resources leave the state", async () => {
    const first = await deploy(newStack(), [
      counter("a", { value: 1, group: "g" }),
      counter("b", { value: 1, group: "g" }),
    ]);
    const [aId, bId] = [idOf(first.deployment.state, "a"), idOf(first.deployment.state, "b")];
    const remote = readRemote(program.remoteFile);
    (remote.counters[aId] as { value: number }).value = 42;
    delete remote.counters[bId];
    writeFileSync(program.remoteFile, JSON.stringify(remote));

    const deployment = new Deployment({ state: first.deployment.state, host });
    await deployment.refresh();
    expect(deployment.steps.map((s) => [s.id, s.changed, s.gone ?? false])).toEqual(
      expect.arrayContaining([
        [aId, true, false],
        [bId, true, true],
      ]),
    );
    expect(deployment.state.resources.map((r) => r.id)).toEqual([aId]);
    expect(deployment.state.resources[0]?.outputs.value).toBe(42);
    expect(deployment.state.resources[0]?.inputs.value).toBe(42);
  });

  it("records a partially created resource with its init errors; the next run updates it", async () => {
    const first = await deploy(newStack(), [counter("a", { value: 1, group: "g", failInit: true })]);
    expect(first.outputs[0]).toBeInstanceOf(Error);
    expect(first.deployment.errors[0]).toMatch(
      /^pulumi-nodejs:dynamic\/counter:Counter \(a\): error: counter ctr-\d+ was created but failed to initialize \(initialization failed on purpose\)$/,
    );
    const [resource] = first.deployment.state.resources;
    expect(resource?.id).toMatch(/^ctr-\d+$/);
    expect(resource?.initErrors).toEqual(["initialization failed on purpose"]);

    const second = await deploy(first.deployment.state, [counter("a", { value: 1, group: "g", failInit: true })]);
    expect(ops(second.deployment)).toEqual(["update a"]);
    expect(second.deployment.state.resources[0]?.initErrors).toBeUndefined();
  });

  it("stops at check failures, reporting the property path, and deletes nothing afterwards", async () => {
    const first = await deploy(newStack(), [counter("keep", { value: 1, group: "g" })]);
    const deployment = new Deployment({ state: first.deployment.state, host });
    const failed = await deployment
      .registerResource(counter("bad", { value: 5, group: "g", limits: { max: 2 } }))
      .catch((e: Error) => e);
    const later = await deployment.registerResource(counter("later", { value: 1, group: "g" })).catch((e: Error) => e);
    await deployment.finish();
    expect(failed).toBeInstanceOf(Error);
    expect(later).toBeInstanceOf(Error);
    expect(deployment.errors).toEqual([
      "pulumi-nodejs:dynamic/counter:Counter (bad): error: property limits.max value 2 has a problem: must be at least value (5)",
    ]);
    expect(ops(deployment)).toEqual(["check-failed bad"]);
    expect(deployment.state.resources.map((r) => r.name)).toEqual(["keep"]);
  });

  it("runs independent operations in parallel, unless limited", async () => {
    const slow = (n: string) => counter(n, { value: 1, group: "g", delayMs: 300 });
    const wide = await deploy(newStack(), [slow("x"), slow("y"), slow("z")]);
    const narrow = await deploy(newStack(), [slow("x"), slow("y"), slow("z")], { parallel: 1 });
    const span = (d: Deployment) => Math.max(...d.steps.map((s) => s.startMs + s.durationMs));
    expect(span(wide.deployment)).toBeLessThan(850);
    expect(span(narrow.deployment)).toBeGreaterThanOrEqual(900);
  });

  it("destroys dependents before what they depend on", async () => {
    const state = newStack();
    const a = counter("a", { value: 1, group: "g" });
    const first = await deploy(state, [a]);
    const aUrn = first.deployment.state.resources[0]?.urn as string;
    const second = await deploy(first.deployment.state, [
      a,
      { ...counter("b", { value: 1, group: "g" }), dependencies: [aUrn] },
    ]);
    const deployment = new Deployment({ state: second.deployment.state, host });
    await deployment.destroy();
    expect(ops(deployment)).toEqual(["delete b", "delete a"]);
    expect(deployment.state.resources).toEqual([]);
  });
});
