// What the library front-end (stack.ts) sends the runner process and what it gets back, plus the config plumbing
// both sides agree on.

import type { HostCall } from "./dynamicHost";
import type { Step } from "./engine";
import { isSecret, type Props, type SecretValue } from "./secrets";

export type Operation = "preview" | "up" | "refresh" | "destroy" | "capture";

/** A stack config value: a string, or a secret one (`secret("...")`), as `pulumi config set [--secret]` makes. */
export type ConfigValue = string | SecretValue;

export interface RunRequest {
  op: Operation;
  programDir: string;
  /** Not used by "capture". */
  stateFile?: string;
  project: string;
  stack: string;
  /** Namespaced keys (`trtc:secretId`). */
  config: Record<string, ConfigValue>;
  parallel?: number;
  passphrase?: string;
}

export interface CapturedResource {
  type: string;
  name: string;
  urn: string;
  /** The raw registration inputs, secret wrappers included. */
  inputs: Props;
  /** The serialized provider module text. */
  provider: string;
  /** Whether `__provider` was secret (it captured a secret Output). */
  providerIsSecret: boolean;
}

export interface HostReport {
  pid: number | null;
  /** VmHWM of the host at the end of the operation. */
  peakRssKb: number | null;
  /** Everything the host printed after its port: provider warnings and errors. */
  logs: string;
  calls: HostCall[];
}

export interface RunResult {
  /** False when any error was reported; operation failures are results, not rejections. */
  ok: boolean;
  op: Operation;
  steps: Step[];
  /** Every error message the user would see. */
  errors: string[];
  /** The stack outputs after the operation, secrets as secret wrappers, unknowns (preview) as the sentinel. */
  outputs: Props;
  durationMs: number;
  host: HostReport;
  /** What the program (and the runner's runtime) printed. */
  log: string;
  /** "capture" only: the dynamic resources the program registered. */
  resources?: CapturedResource[];
}

/** Config keys without a namespace belong to the project, as with `pulumi config set key value`. */
export function namespacedConfig(config: Record<string, ConfigValue>, project: string): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(config)) out[key.includes(":") ? key : `${project}:${key}`] = value;
  return out;
}

/** The environment the language host gives a Node program: its config (plaintext) and which keys are secret. */
export function programConfigEnvironment(config: Record<string, ConfigValue>): Record<string, string> {
  const plain: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (isSecret(value)) secretKeys.push(key);
    plain[key] = String(isSecret(value) ? value.value : value);
  }
  return { PULUMI_CONFIG: JSON.stringify(plain), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/** The engine gives the dynamic-provider plugin only the `pulumi-nodejs:` namespace in PULUMI_CONFIG, unprefixed. */
export function hostConfigEnvironment(config: Record<string, ConfigValue>): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith("pulumi-nodejs:")) {
      plain[key.slice("pulumi-nodejs:".length)] = String(isSecret(value) ? value.value : value);
    }
  }
  return Object.keys(plain).length > 0 ? { PULUMI_CONFIG: JSON.stringify(plain) } : {};
}
