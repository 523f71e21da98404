// The error codes each action documents, and what each means, as the service's own catalogue states them. The
// emulator produces some of them from its rules; every one of them can be injected (faults.ts), so clients can be
// tested against the whole documented list.
// Per-action lists: the "error codes that may be returned" comment above each action in
// tencentcloud/trtc/v20190722/client.go of TencentCloud/tencentcloud-sdk-go (144f6c8) and tencentcloud-sdk-go-intl-en
// (badc16e), identical for these seven actions. Descriptions: errors.go beside it (intl-en wording), and the common
// codes of every API 3.0 action: https://www.tencentcloud.com/document/api/647/36770.

import type { ActionName } from "../provider/api/actions";

const CLOUD_COMMON = [
  "AuthFailure",
  "AuthFailure.UnRealNameAuthenticated",
  "AuthFailure.UnauthorizedOperation",
  "AuthFailure.UnsupportedOperation",
] as const;

/** The codes Describe-, Modify- and DeleteCloudRecording all document. */
const CLOUD_TASK = [
  ...CLOUD_COMMON,
  "FailedOperation.CRUnsupportMethod",
  "InternalError.CRInternalError",
  "InvalidParameter.OutOfRange",
  "MissingParameter.RoomId",
  "MissingParameter.SdkAppId",
  "MissingParameter.TaskId",
  "MissingParameter.UserId",
  "ResourceNotFound",
] as const;

/** One action's list, sorted as client.go lists each action's codes. */
const sorted = (...codes: string[]): string[] => codes.sort();

export const DOCUMENTED_ERRORS: Record<ActionName, readonly string[]> = {
  CreateCloudRecording: [
    ...CLOUD_COMMON,
    "FailedOperation",
    "FailedOperation.CRUnsupportMethod",
    "FailedOperation.RestrictedConcurrency",
    "InternalError.CRInternalError",
    "InvalidParameter.OutOfRange",
    "InvalidParameter.SdkAppId",
    "MissingParameter.AccessKey",
    "MissingParameter.Bucket",
    "MissingParameter.CloudStorage",
    "MissingParameter.RecordMode",
    "MissingParameter.RecordParams",
    "MissingParameter.Region",
    "MissingParameter.RoomId",
    "MissingParameter.SdkAppId",
    "MissingParameter.SecretKey",
    "MissingParameter.StorageParams",
    "MissingParameter.StreamType",
    "MissingParameter.TaskId",
    "MissingParameter.UserId",
    "MissingParameter.UserSig",
    "MissingParameter.Vendor",
    "UnsupportedOperation",
  ],
  DescribeCloudRecording: sorted(...CLOUD_TASK, "FailedOperation", "InvalidParameter.SdkAppId"),
  ModifyCloudRecording: sorted(...CLOUD_TASK, "FailedOperation"),
  DeleteCloudRecording: sorted(...CLOUD_TASK, "InvalidParameter.SdkAppId"),
  StartWebRecord: [
    "FailedOperation.NotAbility",
    "FailedOperation.NotAllowed",
    "FailedOperation.SdkAppIdNotUnderAppId",
    "FailedOperation.TaskExist",
    "ResourceInsufficient.RequestRejection",
  ],
  DescribeWebRecord: ["FailedOperation.TaskNotExist", "InvalidParameter.TaskId"],
  StopWebRecord: ["FailedOperation.TaskNotExist", "InvalidParameter.TaskId"],
};

/** Common codes any action may answer (https://www.tencentcloud.com/document/api/647/36770). */
const COMMON_ERRORS = [
  "InternalError",
  "InvalidParameter",
  "InvalidParameterValue",
  "MissingParameter",
  "UnknownParameter",
  "RequestLimitExceeded",
  "ResourceInsufficient",
  "ResourceNotFound",
  "ResourceUnavailable",
  "ServiceUnavailable",
  "UnauthorizedOperation",
  "UnsupportedOperation",
] as const;

const DESCRIPTIONS: Record<string, string> = {
  AuthFailure: "CAM signature/authentication error.",
  "AuthFailure.UnRealNameAuthenticated":
    "Identity verification has not been completed, so this operation is not allowed.",
  "AuthFailure.UnauthorizedOperation": "CAM authentication failed.",
  "AuthFailure.UnsupportedOperation": "Unsupported operation.",
  FailedOperation: "Operation failed.",
  "FailedOperation.CRUnsupportMethod": "Unsupported on-cloud recording method.",
  "FailedOperation.RestrictedConcurrency":
    "Maximum number of concurrent on-cloud recording tasks reached. Contact us to raise the limit.",
  "FailedOperation.NotAbility": "Unlock the required capability bit.",
  "FailedOperation.NotAllowed": "This operation is not allowed. submit a ticket to contact us.",
  "FailedOperation.SdkAppIdNotUnderAppId": "No resource belonging to this SdkAppId under the AppId.",
  "FailedOperation.TaskExist": "Task already exists",
  "FailedOperation.TaskNotExist": "The run does not exist or is stopped.",
  InternalError: "Internal error.",
  "InternalError.CRInternalError": "On-cloud recording internal error.",
  InvalidParameter: "Parameter error.",
  "InvalidParameter.OutOfRange": "Parameter value is out of range.",
  "InvalidParameter.SdkAppId": "`SdkAppId` is incorrect.",
  "InvalidParameter.TaskId": "TaskId parameter error.",
  InvalidParameterValue: "Invalid parameter value.",
  MissingParameter: "Missing parameter.",
  "MissingParameter.AccessKey": "`AccessKey` parameter missing.",
  "MissingParameter.Bucket": "`Bucket` parameter missing.",
  "MissingParameter.CloudStorage": "`CloudStorage` parameter missing.",
  "MissingParameter.RecordMode": "`RecordMode` parameter missing.",
  "MissingParameter.RecordParams": "`RecordParams` parameter missing.",
  "MissingParameter.Region": "`Region` parameter missing.",
  "MissingParameter.RoomId": "`RoomId` is missing.",
  "MissingParameter.SdkAppId": "`SdkAppId` is missing.",
  "MissingParameter.SecretKey": "`SecretKey` parameter missing.",
  "MissingParameter.StorageParams": "`StorageParams` parameter missing.",
  "MissingParameter.StreamType": "`StreamType` parameter missing.",
  "MissingParameter.TaskId": "`TaskId` parameter is missing.",
  "MissingParameter.UserId": "Missing `UserId` parameter.",
  "MissingParameter.UserSig": "`UserSig` parameter missing.",
  "MissingParameter.Vendor": "`Vendor` parameter missing.",
  RequestLimitExceeded: "The number of requests exceeds the frequency limit.",
  ResourceInsufficient: "Insufficient resources.",
  "ResourceInsufficient.RequestRejection": "Insufficient resources.",
  ResourceNotFound: "The resource does not exist.",
  ResourceUnavailable: "The resource is unavailable.",
  ServiceUnavailable: "Service is unavailable now.",
  UnauthorizedOperation: "Unauthorized operation.",
  UnknownParameter: "Unknown parameter.",
  UnsupportedOperation: "Unsupported operation.",
};

/** What the service's catalogue says a code means ("Operation failed." when it has no entry). */
export function describeCode(code: string): string {
  return DESCRIPTIONS[code] ?? DESCRIPTIONS[code.split(".")[0] ?? ""] ?? "Operation failed.";
}

/** Whether `action` documents `code`, or `code` is a common code. */
export function isDocumentedFor(action: ActionName, code: string): boolean {
  return DOCUMENTED_ERRORS[action].includes(code) || (COMMON_ERRORS as readonly string[]).includes(code);
}

/** Every code any of the seven actions documents, plus the common ones. */
export function allDocumentedCodes(): string[] {
  return [...new Set([...Object.values(DOCUMENTED_ERRORS).flat(), ...COMMON_ERRORS])].sort();
}

/**
 * The code for a value outside its documented range or values: the cloud recording actions document
 * InvalidParameter.OutOfRange; the web recording actions document no parameter code, so the common
 * InvalidParameterValue.
 */
export function valueErrorCode(action: ActionName): string {
  return DOCUMENTED_ERRORS[action].includes("InvalidParameter.OutOfRange")
    ? "InvalidParameter.OutOfRange"
    : "InvalidParameterValue";
}

/** `MissingParameter.<Name>` when the action documents that sub-code, else plain MissingParameter. */
export function missingCode(action: ActionName, name: string): string {
  const specific = `MissingParameter.${name}`;
  return DOCUMENTED_ERRORS[action].includes(specific) ? specific : "MissingParameter";
}
