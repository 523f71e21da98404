import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../harness/runRequest";
import { isSecret, type Props, secret, UNKNOWN } from "../harness/secrets";
import { destroy, preview, readState, refresh, type StackOptions, up } from "../harness/stack";
import {
  type CounterProgram,
  type CounterSpec,
  counterConfig,
  prepareCounterProgram,
  readRemote,
} from "./counterFixture";

/** The lifecycle of one stack, in order: each test starts from the state the previous one left. */
describe("pulumi operations on a real TypeScript program, through the runner", () => {
  let program: CounterProgram;
  let firstUp: RunResult;
  const secretConfig = { "fixture:password": secret("hunter2-config-secret") };

  beforeAll(() => {
    program = prepareCounterProgram("stack");
  });
  afterAll(() => program?.cleanup());

  function options(counters: Record<string, CounterSpec>): StackOptions {
    return {
      programDir: program.programDir,
      stateFile: program.stateFile,
      config: counterConfig(program.remoteFile, counters, secretConfig),
    };
  }

  const initial: Record<string, CounterSpec> = {
    a: { value: 1, group: "g", secretToken: "tok-plaintext-1", secretOutputs: ["token"] },
    b: { name: "bee", value: 1, group: "g" },
  };
  const dynamicOps = (result: RunResult) =>
    result.steps
      .filter((s) => !s.urn.includes("pulumi:pulumi:Stack"))
      .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
      .sort();
  const summary = (result: RunResult) => result.outputs.summary as Record<string, Props>;
  const methods = (result: RunResult) => [...new Set(result.host.calls.map((c) => c.method))].sort();

  it("up creates the resources and exports their outputs; secrets stay secret and encrypted", async () => {
    firstUp = await up(options(initial));
    expect(firstUp.errors).toEqual([]);
    expect(firstUp.ok).toBe(true);
    expect(dynamicOps(firstUp)).toEqual(["create a", "create b"]);

    const a = summary(firstUp).a as Props;
    const b = summary(firstUp).b as Props;
    expect(a.secretToken).toEqual(secret("tok-plaintext-1"));
    expect(isSecret(a.token)).toBe(true);
    expect(a.name).toMatch(/^a-[0-9a-f]{6}$/);
    expect(b).toMatchObject({ name: "bee", value: 1 });
    expect(isSecret(b.token)).toBe(false);
    expect(firstUp.outputs.password).toEqual(secret("hunter2-config-secret"));
    expect(Object.keys(readRemote(program.remoteFile).counters)).toHaveLength(2);

    // The provider's stderr is the host's log; the host is reported.
    expect(firstUp.host.logs).toContain(`counter-provider: created ${a.id}`);
    expect(firstUp.host.pid).toBeGreaterThan(0);
    expect(firstUp.host.peakRssKb).toBeGreaterThan(10_000);

    const stateText = readFileSync(program.stateFile, "utf8");
    const token = (a.token as { value: string }).value;
    for (const plaintext of ["tok-plaintext-1", "hunter2-config-secret", token])
      expect(stateText).not.toContain(plaintext);
    const state = readState(program.stateFile);
    const stored = state?.resources.find((r) => r.name === "a");
    expect(stored?.inputs.secretToken).toEqual(secret("tok-plaintext-1"));
    expect(stored?.outputs.token).toEqual(a.token);
    expect(stored?.inputs.__provider).toContain('require("counter-provider/provider.js")');
  });

  it("a second up without changes only checks and diffs, and keeps the outputs", async () => {
    const result = await up(options(initial));
    expect(result.ok).toBe(true);
    expect(dynamicOps(result)).toEqual(["same a", "same b"]);
    expect(methods(result)).toEqual(["check", "configure", "diff"]);
    expect(result.outputs).toEqual(firstUp.outputs);
  });

  it("preview plans an update and a create without calling anything mutating", async () => {
    const stateBefore = readFileSync(program.stateFile, "utf8");
    const remoteBefore = readRemote(program.remoteFile);
    const result = await preview(options({ ...initial, b: { ...initial.b, value: 2 }, c: { value: 1, group: "g" } }));
    expect(result.errors).toEqual([]);
    expect(dynamicOps(result)).toEqual(["create c", "same a", "update b"]);
    expect(result.steps.filter((s) => s.op !== "same" && !s.urn.includes("Stack")).every((s) => s.preview)).toBe(true);
    expect(methods(result)).toEqual(["check", "configure", "diff"]);
    expect(summary(result).c?.serial).toBe(UNKNOWN);
    expect(readRemote(program.remoteFile)).toEqual(remoteBefore);
    expect(readFileSync(program.stateFile, "utf8")).toBe(stateBefore);
  });

  it("up updates in place", async () => {
    const result = await up(options({ ...initial, b: { ...initial.b, value: 2 } }));
    expect(result.ok).toBe(true);
    expect(dynamicOps(result)).toEqual(["same a", "update b"]);
    expect(summary(result).b).toMatchObject({ value: 2, id: summary(firstUp).b?.id });
  });

  it("up replaces create-before-delete (fresh autonamed name) and delete-before-replace (pinned)", async () => {
    const oldA = summary(firstUp).a as Props;
    const oldB = summary(firstUp).b as Props;
    const result = await up(
      options({
        a: { ...initial.a, group: "h" } as CounterSpec,
        b: { ...initial.b, value: 2, group: "h", pinned: true },
      }),
    );
    expect(result.errors).toEqual([]);
    expect(dynamicOps(result)).toEqual([
      "create-replacement a",
      "create-replacement b",
      "delete-replaced a",
      "delete-replaced b",
      "replace a",
      "replace b",
    ]);
    const a = summary(result).a as Props;
    const b = summary(result).b as Props;
    expect(a.name).not.toBe(oldA.name);
    expect(a.name).toMatch(/^a-[0-9a-f]{6}$/);
    expect(b.name).toBe("bee");

    const log = readRemote(program.remoteFile).log;
    const created = (id: unknown) => log.findIndex((line) => line.startsWith(`create ${id} `));
    expect(created(a.id)).toBeLessThan(log.indexOf(`delete ${oldA.id}`));
    expect(log.indexOf(`delete ${oldB.id}`)).toBeLessThan(created(b.id));
    expect(readState(program.stateFile)?.resources.map((r) => r.id)).toEqual(["", a.id, b.id]);
  });

  it("refresh takes changed outputs and inputs and drops resources that are gone", async () => {
    const state = readState(program.stateFile);
    const [aId, bId] = ["a", "b"].map((n) => state?.resources.find((r) => r.name === n)?.id as string);
    const remote = readRemote(program.remoteFile);
    (remote.counters[aId as string] as { value: number }).value = 42;
    delete remote.counters[bId as string];
    writeFileSync(program.remoteFile, JSON.stringify(remote));

    const result = await refresh(options({}));
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.op, s.id, s.gone ?? false]).sort()).toEqual([
      ["read", aId, false],
      ["read", bId, true],
    ]);
    expect(methods(result)).toEqual(["configure", "read"]);
    const after = readState(program.stateFile);
    expect(after?.resources.map((r) => r.name)).toEqual(["counters-dev", "a"]);
    const a = after?.resources[1];
    expect(a?.outputs.value).toBe(42);
    expect(a?.inputs.value).toBe(42);
    expect(a?.outputs.secretToken).toEqual(secret("tok-plaintext-1"));
  });

  it("destroy deletes everything", async () => {
    const result = await destroy(options({}));
    expect(result.ok).toBe(true);
    expect(dynamicOps(result)).toEqual(["delete a"]);
    expect(readRemote(program.remoteFile).counters).toEqual({});
    const state = readState(program.stateFile);
    expect(state?.resources).toEqual([]);
    expect(state?.outputs).toEqual({});
  });
});
