// The shape of a valid answer to each action. Answers are validated so that a malformed or hostile response is a
// clear error, never a stored `undefined`.

import { z } from "zod";
import type { ActionName } from "./actions";

// Service-issued identifiers: printable, bounded. Anything else is not a TaskId we are willing to store.
function serviceId() {
  return z
    .string()
    .min(1)
    .max(512)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
}

function storageFileSchema() {
  return z.object({
    UserId: z.string().max(256).nullish(),
    FileName: z.string().max(2048),
    TrackType: z.string().max(64).nullish(),
    BeginTimeStamp: z.number().int().nonnegative().nullish(),
  });
}

function buildResponseSchemas() {
  return {
    CreateCloudRecording: z.object({ TaskId: serviceId() }),
    DescribeCloudRecording: z.object({
      TaskId: serviceId(),
      Status: z.string().min(1).max(64),
      StorageFileList: z.array(storageFileSchema()).max(10_000).nullish(),
      RecorderKey: z.string().max(256).nullish(),
    }),
    ModifyCloudRecording: z.object({ TaskId: serviceId().optional() }),
    DeleteCloudRecording: z.object({ TaskId: serviceId().optional() }),
    StartWebRecord: z.object({ TaskId: serviceId() }),
    DescribeWebRecord: z.object({
      Status: z.number().int(),
      TaskId: serviceId().nullish(),
      RecordId: z.string().max(64).nullish(),
    }),
    StopWebRecord: z.object({}),
  } satisfies Record<ActionName, z.ZodType>;
}

/** The common envelope: `{"Response": {..., "RequestId"}}` or `{"Response": {"Error": {...}, "RequestId"}}`. */
function buildEnvelopeSchema() {
  return z.object({
    Response: z
      .object({
        RequestId: z.string().max(128),
        Error: z.object({ Code: z.string().min(1).max(128), Message: z.string() }).optional(),
      })
      .loose(),
  });
}

export type ResponseSchemas = ReturnType<typeof buildResponseSchemas>;
export type ActionResponse<A extends ActionName> = z.output<ResponseSchemas[A]>;

let schemas: { actions: ResponseSchemas; envelope: ReturnType<typeof buildEnvelopeSchema> } | undefined;

export function responseSchemas() {
  schemas ??= { actions: buildResponseSchemas(), envelope: buildEnvelopeSchema() };
  return schemas;
}
