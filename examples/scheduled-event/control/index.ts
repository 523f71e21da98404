// The control stack: for each event, the deployment settings of its event stack, a one-shot schedule that runs
// `pulumi up` on it when the event starts, and a TTL schedule that destroys it when the event ends.
// Needs Pulumi Cloud with Deployments (pulumiservice:accessToken or PULUMI_ACCESS_TOKEN).
import * as pulumi from "@pulumi/pulumi";
import * as ps from "@pulumi/pulumiservice";

interface EventSpec {
  /** Stack name of the event, e.g. "townhall-2026-12-01". */
  stack: string;
  roomId: string;
  /** ISO 8601 start and end, UTC. */
  start: string;
  end: string;
}

const config = new pulumi.Config();
const organization = config.require("organization");
const project = config.get("eventProject") ?? "trtc-scheduled-event";
const repoUrl = config.require("repoUrl");
const events = config.requireObject<EventSpec[]>("events");
// Start the deployment a little early: the robot must be in the room before the first words are spoken.
const leadSeconds = config.getNumber("leadSeconds") ?? 300;

for (const event of events) {
  const stack = new ps.Stack(`${event.stack}-stack`, {
    organizationName: organization,
    projectName: project,
    stackName: event.stack,
  });
  const settings = new ps.DeploymentSettings(
    `${event.stack}-settings`,
    {
      organization,
      project,
      stack: event.stack,
      sourceContext: { git: { repoUrl, branch: "main", repoDir: "examples/scheduled-event" } },
      operationContext: {
        preRunCommands: ["npm install"],
        environmentVariables: {
          EVENT_ROOM_ID: event.roomId,
          EVENT_START: event.start,
          EVENT_END: event.end,
          TENCENTCLOUD_SECRET_ID: config.require("tencentSecretId"),
          TENCENTCLOUD_SECRET_KEY: config.requireSecret("tencentSecretKey"),
          TENCENTCLOUD_REGION: config.get("region") ?? "ap-singapore",
          TRTC_SDK_APP_ID: config.require("sdkAppId"),
          TRTC_SDK_SECRET_KEY: config.requireSecret("sdkSecretKey"),
        },
      },
    },
    { dependsOn: stack },
  );
  new ps.DeploymentSchedule(
    `${event.stack}-start`,
    {
      organization,
      project,
      stack: event.stack,
      timestamp: new Date(Date.parse(event.start) - leadSeconds * 1000).toISOString(),
      pulumiOperation: ps.PulumiOperation.Update,
    },
    { dependsOn: settings },
  );
  // Destroy, but keep the stack (deleteAfterDestroy false), so the ps.Stack above does not drift.
  new ps.TtlSchedule(
    `${event.stack}-end`,
    { organization, project, stack: event.stack, timestamp: event.end, deleteAfterDestroy: false },
    { dependsOn: settings },
  );
}

export const scheduledEvents = events.map((e) => e.stack);
