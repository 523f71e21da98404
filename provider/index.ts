// pulumi-trtc: Tencent Cloud TRTC recordings as Pulumi resources.
//
// How the package is built, from the bottom up:
//   api/          the TRTC API model: actions, regions, request and response schemas, wire names, signing, UserSig
//   client/       calling the API: transport, retries, adaptive rate limiting, redaction of secrets
//   task/         a generic dynamic provider for tasks that are started, described, modified and stopped
//   recordings/   the two task kinds declared for it, and their inputs
//   cloudRecording.ts, webRecording.ts                  the resource classes programs use
//   cloudRecordingProvider.ts, webRecordingProvider.ts  the provider modules the engine loads (paths kept in state)
//   errors.ts     the one error family

export * from "./api/constants";
export { API_DEFAULTS } from "./api/defaults";
export {
  generatePrivateMapKey,
  generateUserSig,
  type PrivateMapKeyOptions,
  Privilege,
  RECORDER_PRIVILEGES,
  type UserSigOptions,
} from "./api/userSig";
export { CloudRecording, type CloudRecordingArgs, type StorageFile } from "./cloudRecording";
export { StartedButFailedError, TrtcApiError, TrtcConfigError, TrtcError } from "./errors";
export {
  type BucketLocation,
  decodeFileNameId,
  encodeFileNameId,
  FILE_NAME_PLACEHOLDERS,
  type FilePatternValues,
  fillFilePattern,
  objectUrl,
  type RecordingFile,
  type RecordingFileInputs,
  type RecordingFileLocations,
  type RecordingTaskRef,
  recordingFileLocations,
  roomIdInFileNames,
} from "./recordings/files";
export type { CloudRecordingInputs, WebRecordingInputs } from "./recordings/inputs";
export { CloudRecordingStatus, WebRecordingStatus } from "./recordings/statuses";
export { WebRecording, type WebRecordingArgs } from "./webRecording";
