// Every request schema, built once per site on first use (never at module load).

import type { Site } from "../config";
import type { ActionName } from "../regions";
import {
  createCloudRecordingSchema,
  deleteCloudRecordingSchema,
  describeCloudRecordingSchema,
  modifyCloudRecordingSchema,
} from "./cloudRecording";
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

let cache: Map<Site, RequestSchemas> | undefined;

/** The camelCase request schema of every action for a site. */
export function requestSchemas(site: Site): RequestSchemas {
  cache ??= new Map();
  let schemas = cache.get(site);
  if (!schemas) {
    schemas = buildRequestSchemas(site);
    cache.set(site, schemas);
  }
  return schemas;
}
