// The real `@pulumi/pulumi` dynamic-provider host, started and driven over gRPC the way the engine does it: spawned
// with cwd = the program dir (require() inside `__provider` resolves from there) and an engine address it never
// dials, port read from its first stdout line, everything it prints afterwards kept as its diagnostics.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { nodeBinary } from "../../pulumi-cli/paths";
import { forHost, type Props } from "./secrets";

export interface DynamicHostOptions {
  /** The program dir: the host's cwd. */
  cwd: string;
  /** Sets PULUMI_NODEJS_PROJECT / PULUMI_PROJECT, which `config.get("key")` in a provider's configure resolves against. */
  project?: string;
  /** Only used to build URNs. */
  stack?: string;
  /** Extra environment for the host (on top of this process's, minus PULUMI_CONFIG*). */
  env?: Record<string, string>;
  /** Per-call deadline; default 120 s. */
  callTimeoutMs?: number;
}

export type DiffChanges = "none" | "some" | "unknown";

export interface CheckResult {
  inputs: Props;
  failures: Array<{ property: string; reason: string }>;
}

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface CreateResult {
  id: string;
  properties: Props;
}

export interface ReadResult {
  /** "" when the resource is gone. */
  id: string;
  properties: Props;
  /** Only when the provider's read returned inputs. */
  inputs?: Props;
}

/** The partial failure a provider reports by throwing an error that carries `id` (ErrorResourceInitFailed). */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** One call made to the host, in the order they were made. */
export interface HostCall {
  method: string;
  type?: string;
  name?: string;
  id?: string;
}

/** A failed host call: the method, the gRPC status and message, and any partial-failure details. */
export class HostCallError extends Error {
  readonly method: string;
  readonly code: number;
  readonly grpcMessage: string;
  readonly initFailure?: InitFailure;

  constructor(method: string, code: number, grpcMessage: string, initFailure?: InitFailure) {
    super(`${method}: ${grpcMessage}`);
    this.name = "HostCallError";
    this.method = method;
    this.code = code;
    this.grpcMessage = grpcMessage;
    this.initFailure = initFailure;
  }
}

export interface DynamicHost {
  readonly pid: number;
  readonly port: number;
  /**
   * Everything the host printed after its port line (provider warnings, stack traces), stdout and stderr merged.
   * Output arrives on pipes, so it can trail the gRPC answer of the call that printed it: use `waitForLog` to
   * wait for something, or read `logs()` after `close()`, which drains the pipes.
   */
  logs(): string;
  /** Resolves with the log once it contains `pattern`; rejects after `timeoutMs` (default 5 s). */
  waitForLog(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  calls(): HostCall[];
  /** Peak resident set size (VmHWM) in KiB while the host is alive; undefined once it has exited. */
  peakRssKb(): number | undefined;
  configure(config: Record<string, unknown>): Promise<void>;
  check(type: string, name: string, olds: Props, news: Props): Promise<CheckResult>;
  diff(type: string, name: string, id: string, oldOutputs: Props, news: Props, oldInputs: Props): Promise<DiffResult>;
  create(type: string, name: string, inputs: Props): Promise<CreateResult>;
  read(type: string, name: string, id: string, outputs?: Props, inputs?: Props): Promise<ReadResult>;
  update(
    type: string,
    name: string,
    id: string,
    oldOutputs: Props,
    news: Props,
    oldInputs: Props,
  ): Promise<{ properties: Props }>;
  delete(type: string, name: string, id: string, outputs: Props, oldInputs: Props): Promise<void>;
  close(): Promise<void>;
}

type UnaryCall<Res> = (
  request: unknown,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => void;

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";
const STATUS_DETAILS_KEY = "grpc-status-details-bin";
const CHANGES: Record<number, DiffChanges> = {
  [pb.DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [pb.DiffResponse.DiffChanges.DIFF_SOME]: "some",
  [pb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
};

/** Hosts still running: killed when this process exits, so a crashed test or runner leaves no orphan behind. */
const runningHosts = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackHost(child: ChildProcess): void {
  runningHosts.add(child);
  child.once("exit", () => runningHosts.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const host of runningHosts) host.kill("SIGKILL");
  });
}

export async function startDynamicHost(options: DynamicHostOptions): Promise<DynamicHost> {
  const project = options.project ?? "project";
  const stack = options.stack ?? "stack";
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [options.cwd] });
  const child = spawn(nodeBinary(), [script, "127.0.0.1:0"], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...hostEnvironment(), PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not spawn the dynamic-provider host");
  trackHost(child);

  const log: string[] = [];
  const logListeners = new Set<() => void>();
  const append = (text: string) => {
    log.push(text);
    for (const listener of logListeners) listener();
  };
  const port = await readPort(child, append).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  child.stderr?.on("data", (chunk: Buffer) => append(chunk.toString("utf8")));
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));

  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const timeoutMs = options.callTimeoutMs ?? 120_000;
  const calls: HostCall[] = [];
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
  const struct = (value: Props | undefined) => Struct.fromJavaScript(forHost(value ?? {}) as never);

  function invoke<Res>(method: string, request: unknown, call: HostCall): Promise<Res> {
    calls.push(call);
    const unary = (client as unknown as Record<string, UnaryCall<Res>>)[method];
    if (!unary) throw new Error(`no such host method: ${method}`);
    return new Promise((resolve, reject) => {
      unary.call(client, request, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) reject(toHostCallError(method, error));
        else resolve(response);
      });
    });
  }

  return {
    pid,
    port,
    logs: () => log.join(""),
    waitForLog(pattern, timeoutMs = 5_000) {
      const found = () => {
        const text = log.join("");
        return (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)) ? text : undefined;
      };
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = found();
          if (text === undefined) return;
          done();
          resolve(text);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`the host did not print ${String(pattern)} within ${timeoutMs} ms; it printed:\n${log.join("")}`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          logListeners.delete(check);
        };
        logListeners.add(check);
        check();
      });
    },
    calls: () => [...calls],
    peakRssKb: () => (exited ? undefined : readPeakRss(pid)),

    async configure(config) {
      // Like the engine, which cannot know yet whether the provider accepts secrets: secrets go as wrappers (the
      // host unwraps top-level ones) and the request says the engine accepts secrets and resources.
      const request = new pb.ConfigureRequest()
        .setArgs(Struct.fromJavaScript(config as never))
        .setAcceptsecrets(true)
        .setAcceptresources(true);
      await invoke("configure", request, { method: "configure" });
    },

    async check(type, name, olds, news) {
      const request = new pb.CheckRequest()
        .setUrn(urn(type, name))
        .setName(name)
        .setType(type)
        .setOlds(struct(olds))
        .setNews(struct(news));
      const response = await invoke<pb.CheckResponse>("check", request, { method: "check", type, name });
      return {
        inputs: (response.getInputs()?.toJavaScript() ?? {}) as Props,
        failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(type, name, id, oldOutputs, news, oldInputs) {
      const request = new pb.DiffRequest()
        .setId(id)
        .setUrn(urn(type, name))
        .setName(name)
        .setType(type)
        .setOlds(struct(oldOutputs))
        .setNews(struct(news))
        .setOldInputs(struct(oldInputs));
      const response = await invoke<pb.DiffResponse>("diff", request, { method: "diff", type, name, id });
      return {
        changes: CHANGES[response.getChanges()] ?? "unknown",
        replaces: response.getReplacesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
      };
    },

    async create(type, name, inputs) {
      const request = new pb.CreateRequest()
        .setUrn(urn(type, name))
        .setName(name)
        .setType(type)
        .setProperties(struct(inputs));
      const response = await invoke<pb.CreateResponse>("create", request, { method: "create", type, name });
      return { id: response.getId(), properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
    },

    async read(type, name, id, outputs, inputs) {
      const request = new pb.ReadRequest().setId(id).setUrn(urn(type, name)).setName(name).setType(type);
      if (outputs) request.setProperties(struct(outputs));
      if (inputs) request.setInputs(struct(inputs));
      const response = await invoke<pb.ReadResponse>("read", request, { method: "read", type, name, id });
      const result: ReadResult = {
        id: response.getId(),
        properties: (response.getProperties()?.toJavaScript() ?? {}) as Props,
      };
      const returnedInputs = response.getInputs();
      if (returnedInputs) result.inputs = returnedInputs.toJavaScript() as Props;
      return result;
    },

    async update(type, name, id, oldOutputs, news, oldInputs) {
      const request = new pb.UpdateRequest()
        .setId(id)
        .setUrn(urn(type, name))
        .setName(name)
        .setType(type)
        .setOlds(struct(oldOutputs))
        .setNews(struct(news))
        .setOldInputs(struct(oldInputs));
      const response = await invoke<pb.UpdateResponse>("update", request, { method: "update", type, name, id });
      return { properties: (response.getProperties()?.toJavaScript() ?? {}) as Props };
    },

    async delete(type, name, id, outputs, oldInputs) {
      const request = new pb.DeleteRequest()
        .setId(id)
        .setUrn(urn(type, name))
        .setName(name)
        .setType(type)
        .setProperties(struct(outputs))
        .setOldInputs(struct(oldInputs));
      await invoke("delete", request, { method: "delete", type, name, id });
    },

    async close() {
      client.close();
      if (!exited) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      // "close" comes after the pipes are drained, so logs() is complete afterwards.
      await closed;
      clearTimeout(timer);
    },
  };
}

/** This process's environment minus its own program's config: the engine gives the plugin none of it. */
function hostEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PULUMI_CONFIG;
  delete env.PULUMI_CONFIG_SECRET_KEYS;
  return env;
}

/** Waits for the first stdout line (the port), then keeps draining stdout into the log. */
function readPort(child: ChildProcess, append: (text: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    const onStderr = (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the dynamic-provider host exited (${code}) before printing its port: ${stderr.trim()}`));
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onStderr);
      child.off("exit", onExit);
      if (stderr) append(stderr);
      const rest = buffered.slice(newline + 1);
      if (rest) append(rest);
      child.stdout?.on("data", (more: Buffer) => append(more.toString("utf8")));
      const port = Number(buffered.slice(0, newline).trim());
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`the dynamic-provider host printed ${JSON.stringify(buffered.slice(0, newline))}`));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onStderr);
    child.once("exit", onExit);
    child.once("error", reject);
  });
}

function toHostCallError(method: string, error: grpc.ServiceError): HostCallError {
  return new HostCallError(method, error.code, error.details ?? error.message, initFailureOf(error));
}

/** Decodes `grpc-status-details-bin` into the ErrorResourceInitFailed detail, when the host attached one. */
function initFailureOf(error: grpc.ServiceError): InitFailure | undefined {
  const raw = error.metadata?.get(STATUS_DETAILS_KEY)[0];
  if (raw === undefined) return undefined;
  const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
  for (const detail of Status.deserializeBinary(bytes).getDetailsList()) {
    if (!detail.getTypeUrl().endsWith(INIT_FAILED_TYPE)) continue;
    const failure = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return {
      id: failure.getId(),
      properties: (failure.getProperties()?.toJavaScript() ?? {}) as Props,
      reasons: failure.getReasonsList(),
    };
  }
  return undefined;
}

function readPeakRss(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
