import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DynamicHost, HostCallError, startDynamicHost } from "../harness/dynamicHost";
import type { CapturedResource } from "../harness/runRequest";
import { secret, UNKNOWN } from "../harness/secrets";
import { captureProviders } from "../harness/stack";
import {
  COUNTER_TYPE,
  type CounterProgram,
  counterConfig,
  NOTE_TYPE,
  PROJECT,
  prepareCounterProgram,
  readRemote,
} from "./counterFixture";

describe("the dynamic-provider host driven directly", () => {
  let program: CounterProgram;
  let host: DynamicHost;
  let counter: CapturedResource;
  let note: CapturedResource;

  beforeAll(async () => {
    program = prepareCounterProgram("host");
    const config = counterConfig(
      program.remoteFile,
      { a: { value: 1, group: "g", secretToken: "s3cret-token" } },
      { "fixture:notes": JSON.stringify({ n: "hello" }) },
    );
    const [captured, started] = await Promise.all([
      captureProviders(program.programDir, { config }),
      startDynamicHost({ cwd: program.programDir, project: PROJECT }),
    ]);
    host = started;
    await host.configure({ "counter:remoteFile": program.remoteFile });
    counter = captured.find((r) => r.type === COUNTER_TYPE) as CapturedResource;
    note = captured.find((r) => r.type === NOTE_TYPE) as CapturedResource;
  });

  afterAll(async () => {
    await host?.close();
    program?.cleanup();
  });

  it("captures the real serialized provider: a require() of the installed package copy", () => {
    expect(counter.name).toBe("a");
    expect(counter.provider).toContain('require("counter-provider/provider.js")');
    expect(counter.providerIsSecret).toBe(false);
    expect(counter.inputs.secretToken).toEqual(secret("s3cret-token"));
    expect(note.provider).toContain('require("counter-provider/note.js")');
  });

  it("checks: autonames, and reports failures with their property path", async () => {
    const news = { ...counter.inputs, value: 5, limits: { max: 2 } };
    const result = await host.check(COUNTER_TYPE, "a", {}, news);
    expect(result.inputs.name).toMatch(/^a-[0-9a-f]{6}$/);
    expect(result.inputs.secretToken).toBe("s3cret-token");
    expect(result.inputs.__provider).toBe(counter.provider);
    expect(result.failures).toEqual([{ property: "limits.max", reason: "must be at least value (5)" }]);
  });

  it("passes the unknown sentinel through, as during preview", async () => {
    const result = await host.check(COUNTER_TYPE, "a", {}, { ...counter.inputs, group: UNKNOWN });
    expect(result.inputs.group).toBe(UNKNOWN);
  });

  it("creates, diffs, reads, updates and deletes; provider output goes to the host log", async () => {
    const checked = (await host.check(COUNTER_TYPE, "a", {}, counter.inputs)).inputs;
    const created = await host.create(COUNTER_TYPE, "a", checked);
    expect(created.id).toMatch(/^ctr-\d+$/);
    expect(created.properties).toMatchObject({ counterId: created.id, value: 1, secretToken: "s3cret-token" });
    await host.waitForLog(`counter-provider: created ${created.id}`);

    const outputs = created.properties;
    expect(await host.diff(COUNTER_TYPE, "a", created.id, outputs, checked, checked)).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      await host.diff(COUNTER_TYPE, "a", created.id, outputs, { ...checked, group: "h", pinned: true }, checked),
    ).toEqual({ changes: "some", replaces: ["group"], deleteBeforeReplace: true });

    const updated = await host.update(COUNTER_TYPE, "a", created.id, outputs, { ...checked, value: 7 }, checked);
    expect(updated.properties).toMatchObject({ value: 7, serial: outputs.serial, token: outputs.token });
    expect(readRemote(program.remoteFile).counters[created.id]?.value).toBe(7);

    const read = await host.read(COUNTER_TYPE, "a", created.id, updated.properties, checked);
    expect(read.id).toBe(created.id);
    expect(read.inputs).toMatchObject({ value: 7, __provider: counter.provider });
    expect(read.inputs).not.toHaveProperty("counterId");

    await host.delete(COUNTER_TYPE, "a", created.id, updated.properties, checked);
    const gone = await host.read(COUNTER_TYPE, "a", created.id, updated.properties, checked);
    expect(gone.id).toBe("");

    const methods = host.calls().map((c) => c.method);
    expect(methods[0]).toBe("configure");
    expect(methods).toEqual(expect.arrayContaining(["check", "diff", "create", "update", "read", "delete"]));
  });

  it("decodes a partial create failure (ErrorResourceInitFailed) into the error", async () => {
    const checked = (await host.check(COUNTER_TYPE, "a", {}, { ...counter.inputs, failInit: true })).inputs;
    const error = await host.create(COUNTER_TYPE, "a", checked).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    const failure = error as HostCallError;
    expect(failure.method).toBe("create");
    expect(failure.grpcMessage).toMatch(/^counter ctr-\d+ was created but failed to initialize$/);
    expect(failure.initFailure?.id).toMatch(/^ctr-\d+$/);
    expect(failure.initFailure?.reasons).toEqual(["initialization failed on purpose"]);
    expect(failure.initFailure?.properties).toMatchObject({ counterId: failure.initFailure?.id, value: 1 });
  });

  it("turns other host errors into HostCallError, with the provider's stack trace in the log", async () => {
    const broken = 'exports.handler = () => { throw new Error("provider failed to load"); };';
    const error = await host.check(COUNTER_TYPE, "x", {}, { __provider: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).method).toBe("check");
    expect((error as HostCallError).grpcMessage).toBe("provider failed to load");
    expect((error as HostCallError).initFailure).toBeUndefined();
    await host.waitForLog("Error: provider failed to load");
  });

  it("reports the host's pid and peak RSS", () => {
    expect(host.pid).toBeGreaterThan(0);
    expect(host.peakRssKb()).toBeGreaterThan(10_000);
  });
});
