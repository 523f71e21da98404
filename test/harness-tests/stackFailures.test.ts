import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";
import { readState, up } from "../harness/stack";
import { type CounterProgram, counterConfig, FIXTURES, prepareCounterProgram, readRemote } from "./counterFixture";

describe("failing operations come back as results", () => {
  let program: CounterProgram;

  beforeAll(() => {
    program = prepareCounterProgram("failures");
  });
  afterAll(() => program?.cleanup());

  it("a partial create failure is recorded in state with its init errors, and reported once", async () => {
    const result = await up({
      programDir: program.programDir,
      stateFile: program.stateFile,
      config: counterConfig(program.remoteFile, { broken: { value: 1, group: "g", failInit: true } }),
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /^pulumi-nodejs:dynamic\/counter:Counter \(broken\): error: counter (ctr-\d+) was created but failed to initialize/,
    );
    const stored = readState(program.stateFile)?.resources.find((r) => r.name === "broken");
    expect(stored?.id).toMatch(/^ctr-\d+$/);
    expect(stored?.initErrors).toEqual(["initialization failed on purpose"]);
    expect(readRemote(program.remoteFile).counters[stored?.id as string]).toBeDefined();
  });

  it("check failures are reported with the property path and nothing is created or deleted", async () => {
    const result = await up({
      programDir: program.programDir,
      stateFile: program.stateFile,
      config: counterConfig(program.remoteFile, { bad: { value: 5, group: "g", limits: { max: 2 } } }),
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      "pulumi-nodejs:dynamic/counter:Counter (bad): error: property limits.max value 2 has a problem: must be at least value (5)",
    ]);
    expect(result.steps.filter((s) => s.op !== "same" && !s.urn.includes("Stack"))).toMatchObject([
      { op: "check-failed" },
    ]);
    // The failed run deletes nothing, so the earlier resource is still there.
    expect(readState(program.stateFile)?.resources.map((r) => r.name)).toContain("broken");
  });

  it("a program error is reported, and nothing the program did not register is deleted", async () => {
    const result = await up({
      programDir: program.programDir,
      stateFile: program.stateFile,
      config: { "counter:remoteFile": program.remoteFile, "fixture:counters": "not json" },
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain("failed with an unhandled exception");
    expect(result.errors[0]).toContain("fixture:counters");
    expect(result.log).toContain("fixture:counters");
    expect(readState(program.stateFile)?.resources.map((r) => r.name)).toContain("broken");
  });
});

describe("a JavaScript program with `main` in Pulumi.yaml and a resource of another provider", () => {
  let programDir: string;

  beforeAll(() => {
    programDir = copyProgram(join(FIXTURES, "js-program"), "js");
    installPackageCopy(programDir, join(FIXTURES, "counter-provider"));
  });
  afterAll(() => removeProgramCopy(programDir));

  it("runs the exported async function; other providers' resources are recorded as registered", async () => {
    const stateFile = join(programDir, "state.json");
    const result = await up({ programDir, stateFile, config: { text: "hello" } });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toEqual({ noteText: "hello", noteBy: "note-provider", thingSize: 3, thingId: "thing-id" });
    const state = readState(stateFile);
    expect(state?.project).toBe("jsprog");
    const thing = state?.resources.find((r) => r.type === "other:index:Thing");
    expect(thing).toMatchObject({ id: "thing-id", custom: true, inputs: { size: 3, label: "hello" } });
    expect(thing?.outputs).toEqual(thing?.inputs);
  });
});
