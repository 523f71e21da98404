export { CloudRecording, type CloudRecordingArgs, type StorageFile } from "./cloudRecording";
export * from "./constants";
export { TrtcApiError, TrtcConfigError } from "./errors";
export type { CloudRecordingInputs, WebRecordingInputs } from "./schemas/resources";
export {
  generatePrivateMapKey,
  generateUserSig,
  type PrivateMapKeyOptions,
  Privilege,
  RECORDER_PRIVILEGES,
  type UserSigOptions,
} from "./userSig";
export { WebRecording, type WebRecordingArgs } from "./webRecording";
