// pulumi-trtc/callbacks: receive TRTC's recording callbacks (cloud recording, event group 3; web page recording,
// event group 8) without a web framework. It imports nothing but Node built-ins, so a serverless function that uses
// it loads neither Pulumi nor the rest of this package.
//
//   signature.ts  the `Sign` header: base64(HMAC-SHA256(key, raw body)), compared in constant time
//   events.ts     event types 301–312 and 801–804 as a discriminated union, with the stage each one marks
//   handler.ts    handleCallback(rawBody, headers, key) and a node:http request listener

export {
  CallbackParseError,
  type CallbackStage,
  CLOUD_RECORDING_EVENT_GROUP,
  type CloudRecordingEvent,
  CloudRecordingEventType,
  type FailoverEvent,
  type FileInfoEvent,
  type FileSliceEvent,
  type ImageDownloadErrorEvent,
  type LeaveReason,
  type MediaId,
  type Mp4StoppedEvent,
  parseCallbackEvent,
  type RecorderStartedEvent,
  type RecorderStoppedEvent,
  type RecordingFile,
  readyFiles,
  type TrackType,
  type TrtcCallbackEvent,
  type UnknownCallbackEvent,
  type UploadErrorEvent,
  type UploadStartedEvent,
  type UploadStoppedEvent,
  type VodCommittedEvent,
  type VodStoppedEvent,
  WEB_RECORDING_EVENT_GROUP,
  type WebRecorderStartedEvent,
  type WebRecorderStoppedEvent,
  type WebRecordingEvent,
  WebRecordingEventType,
  type WebResourceLimitedEvent,
  type WebStatusUpdatedEvent,
} from "./events";
export {
  type CallbackAccepted,
  type CallbackCheckOptions,
  type CallbackHandlerOptions,
  type CallbackHeaders,
  type CallbackRejection,
  type CallbackRejectionReason,
  type CallbackResult,
  createCallbackHandler,
  handleCallback,
} from "./handler";
export { callbackSignature, type RawBody, verifyCallbackSignature } from "./signature";
