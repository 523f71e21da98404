// The CloudRecordings of a `pulumi stack export` (with or without --show-secrets) or of a `pulumi preview --json`,
// with the values a layout picture reads. Formats as the Pulumi CLI writes them:
// - stack export: `{ version: 3, deployment: { resources: [{ urn, type, inputs, outputs, delete?, ... }] } }`;
//   a secret is `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext | ciphertext }`
//   (plaintext is the value as JSON text) https://www.pulumi.com/docs/iac/concepts/secrets/;
// - preview --json: `{ steps: [{ op, urn, newState?: { type, inputs }, oldState? }], ... }`; secrets print as
//   "[secret]" and values known only after apply as the unknown sentinel (UNKNOWN, the value check skips too).
// Our resources' type is `pulumi-nodejs:dynamic/trtc:CloudRecording` (the dynamic resource's module and type);
// state written before the resource named its type has `pulumi-nodejs:dynamic:Resource`, recognised by its provider
// module.

import { UNKNOWN } from "../api/schemas/issues";

export const CLOUD_RECORDING_TYPE = "pulumi-nodejs:dynamic/trtc:CloudRecording";
const GENERIC_DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export const SECRET_TEXT = "[secret]";
export const UNKNOWN_TEXT = "[unknown until apply]";

export interface RecordingInState {
  /** The resource's name (the URN's last part). */
  name: string;
  urn: string;
  /** The values read, secrets revealed when the document has them in plaintext. */
  values: Record<string, unknown>;
  /** `outputs` (what the provider recorded) or `inputs` (what the program asked for). */
  from: "outputs" | "inputs";
  /** Preview only: the planned operation (create, update, same, replace...). */
  op?: string;
}

export interface StateDocument {
  kind: "stack export" | "preview";
  recordings: RecordingInState[];
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** Replaces secret envelopes by their plaintext value (or "[secret]") and the unknown sentinel by a marker. */
export function reveal(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map(reveal);
  const o = obj(value);
  if (!o) return value;
  if (o[SECRET_SIG_KEY] === SECRET_SIG) {
    if (typeof o.plaintext !== "string") return SECRET_TEXT;
    try {
      return reveal(JSON.parse(o.plaintext));
    } catch {
      return SECRET_TEXT;
    }
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, reveal(v)]));
}

function isCloudRecording(state: Obj): boolean {
  if (state.type === CLOUD_RECORDING_TYPE) return true;
  if (state.type !== GENERIC_DYNAMIC_TYPE) return false;
  const provider = obj(state.inputs)?.__provider ?? obj(state.outputs)?.__provider;
  return typeof provider === "string" && provider.includes("cloudRecordingProvider");
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2) || urn;
}

function pick(state: Obj, prefer: "outputs" | "inputs"): { values: Obj; from: "outputs" | "inputs" } | undefined {
  const order: Array<"outputs" | "inputs"> = prefer === "outputs" ? ["outputs", "inputs"] : ["inputs", "outputs"];
  for (const from of order) {
    const values = obj(reveal(state[from]));
    if (values && Object.keys(values).length > 0) return { values, from };
  }
  return undefined;
}

/**
 * The CloudRecordings of a parsed stack export or preview. A stack export gives each recording's outputs (what was
 * applied), a preview each recording's new inputs (what the program asks for); recordings being deleted are left
 * out. Throws when the document is neither.
 */
export function recordingsIn(document: unknown): StateDocument {
  const root = obj(document);
  const resources = obj(root?.deployment)?.resources;
  if (root && obj(root.deployment)) {
    const recordings: RecordingInState[] = [];
    for (const entry of Array.isArray(resources) ? resources : []) {
      const state = obj(entry);
      if (!state || state.delete === true || !isCloudRecording(state)) continue;
      const urn = String(state.urn ?? "");
      const picked = pick(state, "outputs");
      if (picked) recordings.push({ name: nameOf(urn), urn, ...picked });
    }
    return { kind: "stack export", recordings };
  }
  if (root && Array.isArray(root.steps)) {
    const byUrn = new Map<string, RecordingInState>();
    for (const entry of root.steps) {
      const step = obj(entry);
      const state = obj(step?.newState);
      if (!step || !state || !isCloudRecording(state)) continue;
      const urn = String(step.urn ?? state.urn ?? "");
      const picked = pick(state, "inputs");
      // A replacement has several steps for one URN (create-replacement, replace): the new state is the same.
      if (picked && !byUrn.has(urn)) byUrn.set(urn, { name: nameOf(urn), urn, ...picked, op: String(step.op ?? "") });
    }
    return { kind: "preview", recordings: [...byUrn.values()] };
  }
  throw new Error(
    "not a stack export (`pulumi stack export`, with a `deployment`) nor a preview (`pulumi preview --json`, with `steps`)",
  );
}
