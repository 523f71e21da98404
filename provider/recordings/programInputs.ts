// Program-side helpers of the resource classes: input types and the secret wrapping of credential-like inputs.

import * as pulumi from "@pulumi/pulumi";

type Deep<T> = T extends readonly (infer E)[]
  ? Array<DeepInput<E>>
  : T extends object
    ? { [K in keyof T]: DeepInput<T[K]> }
    : T;

/** `T` where every value, at any depth, may also be a Pulumi Input (Output, Promise or plain). */
export type DeepInput<T> = pulumi.Input<Deep<T>>;

/** Resource arguments: each top-level field a DeepInput. */
export type ArgsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !pulumi.Output.isInstance(value) &&
    !(value instanceof Promise)
  );
}

/** Marks a value secret in state even when the program passes a plain string. */
export function secretIfSet<T>(value: pulumi.Input<T> | undefined): pulumi.Output<pulumi.Unwrap<T>> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/**
 * Marks the storage access key and secret key secret where they sit, so the rest of storageParams stays readable.
 * The engine carries nested secrets from inputs to outputs. When the object (or cloudStorage) is itself an Output
 * or a Promise, its keys cannot be reached before it resolves, so the whole object is marked secret instead.
 */
export function protectStorageKeys<T>(storageParams: T): T {
  if (storageParams === undefined) return storageParams;
  if (!isPlainObject(storageParams)) return pulumi.secret(storageParams) as T;
  const cloudStorage = storageParams.cloudStorage;
  if (cloudStorage === undefined) return storageParams;
  if (!isPlainObject(cloudStorage)) return { ...storageParams, cloudStorage: pulumi.secret(cloudStorage) } as T;
  return {
    ...storageParams,
    cloudStorage: {
      ...cloudStorage,
      accessKey: secretIfSet(cloudStorage.accessKey as pulumi.Input<string> | undefined),
      secretKey: secretIfSet(cloudStorage.secretKey as pulumi.Input<string> | undefined),
    },
  } as T;
}

/**
 * What the resource classes add to a program's inputs: the logical name and the stack, from which generated ids
 * derive (so two stacks of one program never share a robot or RecordId), and every output, so that the engine
 * lists it: an output that is also an input (region, userId, ...) keeps the program's value.
 */
export function taskResourceProps(name: string, args: object, outputs: readonly string[]): Record<string, unknown> {
  return {
    __logicalName: name,
    __stack: `${pulumi.getProject()}/${pulumi.getStack()}`,
    ...Object.fromEntries(outputs.map((key) => [key, (args as Record<string, unknown>)[key]])),
  };
}
