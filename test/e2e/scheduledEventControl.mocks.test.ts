// examples/scheduled-event/control under mocks, NOT through the Pulumi CLI: its resources come from
// @pulumi/pulumiservice, whose provider plugin (pulumi-resource-pulumiservice) is a binary downloaded from the
// internet on first use, and cannot be obtained offline. So this runs the program itself under
// `pulumi.runtime.setMocks` and checks what it registers with Pulumi Cloud: per event, the event stack, its
// deployment settings (the event in the environment, credentials secret), a one-shot schedule that runs `pulumi up`
// ahead of the start, and a TTL schedule that destroys the stack at the end. Whether Pulumi Cloud accepts these is
// not tested here. (Its own file: setMocks changes this process's Pulumi runtime, which CLI tests must not share.)
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProgram } from "../../pulumi-cli";
import { repoRoot } from "../../pulumi-cli/paths";

const PROJECT = "trtc-scheduled-event-control";
const EVENTS = [
  { stack: "townhall-2026-12-01", roomId: "3560", start: "2026-12-01T10:00:00Z", end: "2026-12-01T11:00:00Z" },
  { stack: "launch-2026-12-02", roomId: "4100", start: "2026-12-02T15:30:00Z", end: "2026-12-02T17:00:00Z" },
];
const CONFIG: Record<string, string> = {
  organization: "acme",
  repoUrl: "https://github.com/acme/recordings.git",
  events: JSON.stringify(EVENTS),
  leadSeconds: "600",
  tencentSecretId: "AKIDcontrol",
  tencentSecretKey: "control-secret-key",
  sdkAppId: "1400000000",
  sdkSecretKey: "control-sdk-secret",
};
const SECRET_KEYS = ["tencentSecretKey", "sdkSecretKey"];
/** How the runtime marks a secret value it hands to mocks. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
let exported: Record<string, unknown>;

interface SettingsInputs {
  sourceContext: { git: Record<string, unknown> };
  /** A secret as the runtime hands it to mocks. */
  operationContext: Record<string, unknown> & {
    value: { preRunCommands: string[]; environmentVariables: Record<string, string> };
  };
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    PROJECT,
    "control",
    false,
  );
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(CONFIG).map(([key, value]) => [`${PROJECT}:${key}`, value])),
    SECRET_KEYS.map((key) => `${PROJECT}:${key}`),
  );
  // Loaded as the CLI tests load programs (natively, TypeScript transpiled), so it shares this @pulumi/pulumi.
  exported = (await loadProgram(join(repoRoot(), "examples", "scheduled-event", "control", "index.ts"))()) ?? {};
  // Registrations are asynchronous: wait until the runtime has sent every one of them.
  await pulumi.runtime.disconnect();
});

const ofType = (type: string) => registered.filter((r) => r.type === `pulumiservice:index:${type}`);
const forEvent = (type: string, stack: string) => ofType(type).find((r) => r.inputs.stack === stack);

describe("examples/scheduled-event/control (under mocks)", () => {
  it("registers, per event, its stack, deployment settings, a start schedule and a TTL schedule", () => {
    for (const type of ["Stack", "DeploymentSettings", "DeploymentSchedule", "TtlSchedule"]) {
      expect(ofType(type)).toHaveLength(EVENTS.length);
    }
    expect(registered).toHaveLength(4 * EVENTS.length);
    expect(exported.scheduledEvents).toEqual(EVENTS.map((e) => e.stack));
  });

  it("starts each event's deployment leadSeconds ahead of its start, and destroys (keeping the stack) at its end", () => {
    for (const event of EVENTS) {
      expect(ofType("Stack").find((r) => r.inputs.stackName === event.stack)?.inputs).toMatchObject({
        organizationName: "acme",
        projectName: "trtc-scheduled-event",
      });
      expect(forEvent("DeploymentSchedule", event.stack)?.inputs).toMatchObject({
        organization: "acme",
        project: "trtc-scheduled-event",
        timestamp: new Date(Date.parse(event.start) - 600_000).toISOString(),
        pulumiOperation: "update",
      });
      expect(forEvent("TtlSchedule", event.stack)?.inputs).toMatchObject({
        timestamp: event.end,
        deleteAfterDestroy: false,
      });
    }
  });

  it("deploys the event stack from the repository with the event and the credentials in its environment", () => {
    for (const event of EVENTS) {
      const settings = forEvent("DeploymentSettings", event.stack)?.inputs as unknown as SettingsInputs;
      expect(settings.sourceContext.git).toMatchObject({
        repoUrl: CONFIG.repoUrl,
        branch: "main",
        repoDir: "examples/scheduled-event",
      });
      // Holding secret config, the whole operation context is registered as a secret: Pulumi Cloud and the
      // control stack's state keep it encrypted.
      const context = settings.operationContext;
      expect(context[SECRET_SIG_KEY]).toBe(SECRET_SIG);
      expect(context.value.preRunCommands).toEqual(["npm install"]);
      expect(context.value.environmentVariables).toEqual({
        EVENT_ROOM_ID: event.roomId,
        EVENT_START: event.start,
        EVENT_END: event.end,
        TENCENTCLOUD_SECRET_ID: "AKIDcontrol",
        TENCENTCLOUD_SECRET_KEY: "control-secret-key",
        TENCENTCLOUD_REGION: "ap-singapore",
        TRTC_SDK_APP_ID: "1400000000",
        TRTC_SDK_SECRET_KEY: "control-sdk-secret",
      });
    }
  });
});
