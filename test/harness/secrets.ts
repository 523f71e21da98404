// The engine's wire sentinels for secret and unknown values, and the engine-side secret bookkeeping a provider that
// does not accept secrets relies on: the Node dynamic-provider host answers Configure with acceptSecrets=false, so the
// engine strips secrets before each call and re-marks outputs afterwards (Go: pkg/resource/plugin/provider_plugin.go).

/** Key of the signature property that marks a special value on the wire. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret: `{[SIG_KEY]: SECRET_SIG, value}`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** A value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export interface SecretValue {
  [SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

/** Wraps a value the way the engine marks it secret. */
export function secret(value: unknown): SecretValue {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecret(value: unknown): value is SecretValue {
  return isPlainObject(value) && value[SIG_KEY] === SECRET_SIG && "value" in value;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** The value with every secret wrapper removed, at any depth. */
export function unwrap(value: unknown): unknown {
  if (isSecret(value)) return unwrap(value.value);
  if (Array.isArray(value)) return value.map(unwrap);
  if (isPlainObject(value)) {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrap(v);
    return out;
  }
  return value;
}

/** Whether a secret wrapper occurs anywhere in the value (Go: PropertyValue.ContainsSecrets). */
export function containsSecrets(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/** Whether the unknown sentinel occurs anywhere in the value. */
export function containsUnknowns(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (isSecret(value)) return containsUnknowns(value.value);
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

/**
 * What the engine sends a provider that does not accept secrets: secrets unwrapped (KeepSecrets=false) and no
 * `undefined` anywhere (a property map has no such value; `Struct.fromJavaScript` throws on it). Unknowns pass
 * through, as they do during preview.
 */
export function forHost(value: unknown): unknown {
  if (isSecret(value)) return forHost(value.value);
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : forHost(v)));
  if (isPlainObject(value)) {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = forHost(v);
    return out;
  }
  return value;
}

/**
 * Go's annotateSecrets, exactly: for each key of `ins` present in `outs`, recurse when both values are objects;
 * otherwise, when the output is not already secret and the input contains a secret anywhere, the whole output value
 * becomes secret (so an array with one secret element becomes a wholly secret array). Mutates and returns `outs`.
 */
export function annotateSecrets(outs: Props, ins: Props | undefined): Props {
  if (!ins) return outs;
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in outs)) continue;
    const outValue = outs[key];
    if (isPlainObject(outValue) && !isSecret(outValue) && isPlainObject(inValue) && !isSecret(inValue)) {
      annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      outs[key] = secret(outValue);
    }
  }
  return outs;
}

/** The `additionalSecretOutputs` resource option: listed top-level output keys become secret. Mutates `outs`. */
export function markSecretOutputs(outs: Props, keys: readonly string[] | undefined): Props {
  for (const key of keys ?? []) {
    if (key in outs && !isSecret(outs[key])) outs[key] = secret(outs[key]);
  }
  return outs;
}

export function isPlainObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
