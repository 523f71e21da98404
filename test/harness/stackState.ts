// The shape of a stack's state as the harness keeps it: a trimmed-down Pulumi checkpoint. In memory, secret values
// are plain secret wrappers; stateFile.ts encrypts them on disk.

import type { Props } from "./secrets";

export const STATE_VERSION = 1;

/** Resource options the engine itself acts on (the rest only matter to the program). */
export interface ResourceOptions {
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
  protect: boolean;
  ignoreChanges: string[];
  retainOnDelete: boolean;
}

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  /** A custom resource has an id and a provider; a component (the Stack) does not. */
  custom: boolean;
  id: string;
  parent?: string;
  dependencies?: string[];
  inputs: Props;
  outputs: Props;
  options: ResourceOptions;
  /** Reasons from a provider's partial failure (ErrorResourceInitFailed); cleared by a successful update. */
  initErrors?: string[];
  /** The old half of a create-before-delete replacement whose delete has not happened yet. */
  pendingDelete?: boolean;
}

export interface StackState {
  version: number;
  project: string;
  stack: string;
  resources: ResourceState[];
  /** The Stack resource's outputs: what the program exported. */
  outputs: Props;
}

export function emptyState(project: string, stack: string): StackState {
  return { version: STATE_VERSION, project, stack, resources: [], outputs: {} };
}

export function defaultOptions(options: Partial<ResourceOptions> = {}): ResourceOptions {
  return {
    additionalSecretOutputs: [...(options.additionalSecretOutputs ?? [])],
    deleteBeforeReplace: options.deleteBeforeReplace ?? false,
    protect: options.protect ?? false,
    ignoreChanges: [...(options.ignoreChanges ?? [])],
    retainOnDelete: options.retainOnDelete ?? false,
  };
}

export const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the engine gives a resource: a child's type is qualified by its parent's (`Parent$Child`), except for
 * children of the root Stack (Go: resource.NewURN is given no parent type for them; the SDK's mock monitor differs).
 */
export function makeUrn(stack: string, project: string, type: string, name: string, parentUrn?: string): string {
  let qualifiedType = type;
  const parentQualifiedType = parentUrn?.split("::")[2];
  if (parentQualifiedType && parentQualifiedType !== STACK_TYPE) {
    qualifiedType = `${parentQualifiedType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** Types served by the Node dynamic-provider host (`pulumi-nodejs:dynamic:Resource`, `pulumi-nodejs:dynamic/m:T`). */
export function isDynamicType(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic");
}
