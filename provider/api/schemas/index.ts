// Every action's request schema, for the emulator: built once per site on first use.

import type { ActionName } from "../actions";
import type { Site } from "../sites";
import {
  createCloudRecordingSchema,
  deleteCloudRecordingSchema,
  describeCloudRecordingSchema,
  modifyCloudRecordingSchema,
} from "./cloudRecording";
import { perSite } from "./perSite";
import { describeWebRecordSchema, startWebRecordSchema, stopWebRecordSchema } from "./webRecording";

function buildRequestSchemas(site: Site) {
  return {
    CreateCloudRecording: createCloudRecordingSchema(site),
    DescribeCloudRecording: describeCloudRecordingSchema(site),
    ModifyCloudRecording: modifyCloudRecordingSchema(site),
    DeleteCloudRecording: deleteCloudRecordingSchema(),
    StartWebRecord: startWebRecordSchema(site),
    DescribeWebRecord: describeWebRecordSchema(),
    StopWebRecord: stopWebRecordSchema(),
  } satisfies Record<ActionName, unknown>;
}

export type RequestSchemas = ReturnType<typeof buildRequestSchemas>;

/** The camelCase request schema of every action for a site. */
export const requestSchemas = perSite(buildRequestSchemas);
