// The resource monitor a program talks to, standing in for the engine's: the SDK's own MockMonitor (so the runtime
// behaves as under `setMocks`), with RegisterResource and RegisterResourceOutputs handed to the harness. It sees
// each registration raw, as the engine would receive it: `req.getObject().toJavaScript()` keeps nested secret
// wrappers, and the resource options the engine acts on come along.
//
// Everything is loaded from the program's own `@pulumi/pulumi`, so the program and the monitor share one runtime.

import { dirname, join } from "node:path";
import type { RegisterResourceOutputsRequest, RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import type * as mocksModule from "@pulumi/pulumi/runtime/mocks";
import type { Props } from "./secrets";
import type { ResourceOptions } from "./stackState";

/** A RegisterResource request as the engine receives it. */
export interface RawRegistration {
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  dependencies: string[];
  /** With secret wrappers and, in preview, unknown sentinels, exactly as sent. */
  inputs: Props;
  options: ResourceOptions;
}

export interface MonitorHandlers {
  registerResource(registration: RawRegistration): Promise<{ urn: string; id: string; outputs: Props }>;
  registerResourceOutputs(urn: string, outputs: Props): void;
}

/** The parts of the program's `@pulumi/pulumi` runtime the runner drives. */
export interface PulumiRuntime {
  root: string;
  settings: {
    setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean): void;
    waitForRPCs(): Promise<void>;
  };
  stack: { runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> };
  state: { getStore(): Record<string, unknown> };
  mocks: typeof mocksModule;
  resourcePb: typeof import("@pulumi/pulumi/proto/resource_pb");
  Struct: typeof import("google-protobuf/google/protobuf/struct_pb").Struct;
}

type Callback = (error: unknown, response?: unknown) => void;

export function loadPulumiRuntime(programDir: string): PulumiRuntime {
  const root = dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
  const load = (path: string) => require(join(root, path));
  const structPath = require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [root] });
  return {
    root,
    settings: load("runtime/settings.js"),
    stack: load("runtime/stack.js"),
    state: load("runtime/state.js"),
    mocks: load("runtime/mocks.js"),
    resourcePb: load("proto/resource_pb.js"),
    Struct: require(structPath).Struct,
  };
}

/**
 * Points the runtime at a monitor that forwards registrations to `handlers`, with the feature flags `setMocks`
 * enables (secrets, resource references, ...; not output values, so inputs arrive as plain values).
 */
export function installEngineMonitor(
  runtime: PulumiRuntime,
  handlers: MonitorHandlers,
  settings: { project: string; stack: string; preview: boolean },
): void {
  const { resourcePb, Struct } = runtime;

  class EngineMonitor extends runtime.mocks.MockMonitor {
    override async registerResource(req: RegisterResourceRequest, callback: Callback): Promise<void> {
      try {
        const registration: RawRegistration = {
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          dependencies: req.getDependenciesList(),
          inputs: (req.getObject()?.toJavaScript() ?? {}) as Props,
          options: {
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            protect: req.getProtect() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            retainOnDelete: req.getRetainondelete() ?? false,
          },
        };
        if (req.getParent()) registration.parent = req.getParent();
        const result = await handlers.registerResource(registration);
        const response = new resourcePb.RegisterResourceResponse();
        response.setUrn(result.urn);
        response.setId(result.id);
        response.setObject(Struct.fromJavaScript(result.outputs as never));
        callback(null, response);
      } catch (error) {
        callback(error);
      }
    }

    override registerResourceOutputs(req: RegisterResourceOutputsRequest, callback: Callback): void {
      try {
        handlers.registerResourceOutputs(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Props);
        callback(null, {});
      } catch (error) {
        callback(error);
      }
    }

    /** The runtime closes its monitor when it terminates; there is no connection to close. */
    close(): void {}
  }

  const monitor = new EngineMonitor({
    call: (args) => {
      throw new Error(`the harness does not implement invokes (${args.token})`);
    },
    newResource: (args) => {
      throw new Error(`the harness does not implement reading existing resources (${args.type} ${args.name})`);
    },
  });
  runtime.settings.setMockOptions(monitor, settings.project, settings.stack, settings.preview);
  const store = runtime.state.getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeTransforms: true,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
    supportsInvokeDependsOn: false,
  });
}
