export * from "./api/constants";
export {
  generatePrivateMapKey,
  generateUserSig,
  type PrivateMapKeyOptions,
  Privilege,
  RECORDER_PRIVILEGES,
  type UserSigOptions,
} from "./api/userSig";
export { CloudRecording, type CloudRecordingArgs, type StorageFile } from "./cloudRecording";
export { TrtcApiError, TrtcConfigError } from "./errors";
export type { CloudRecordingInputs, WebRecordingInputs } from "./recordings/inputs";
export { WebRecording, type WebRecordingArgs } from "./webRecording";
