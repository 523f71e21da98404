// The defaults and limits the TRTC service applies when a request leaves them out, in one table, each with the page
// that documents it. Whatever emulates or relies on a service default reads it from here, so the value is written once.

export const API_DEFAULTS = Object.freeze({
  /**
   * CreateCloudRecording `ResourceExpiredHour`: hours after the start during which the task can be queried, changed
   * and stopped ("The default value is 72 (three days)").
   * https://www.tencentcloud.com/document/api/647/46960
   */
  resourceExpiredHours: 72,
  /**
   * `RecordParams.MaxIdleTime`: seconds with no anchor in the room after which the recording stops by itself.
   * https://www.tencentcloud.com/document/api/647/36760#RecordParams
   */
  maxIdleTimeSeconds: 30,
  /**
   * StartWebRecord `MaxDurationLimit`: "default 86400s (24 hr)" on the current page. Older intl SDKs still say 36000;
   * the current page and CLI metadata say 86400.
   * https://www.tencentcloud.com/document/api/647/72066
   */
  webMaxDurationSeconds: 86400,
  /**
   * Width of the mixed canvas when `MixTranscodeParams.VideoParams` is omitted.
   * https://www.tencentcloud.com/document/api/647/36760#VideoParams
   */
  mixCanvasWidthPx: 360,
  /**
   * Height of the mixed canvas when `MixTranscodeParams.VideoParams` is omitted.
   * https://www.tencentcloud.com/document/api/647/36760#VideoParams
   */
  mixCanvasHeightPx: 640,
  /**
   * "A maximum of 20 requests can be initiated per second for this API", on each of the seven actions' pages.
   * https://www.tencentcloud.com/document/api/647/46960
   */
  requestsPerSecondPerAction: 20,
  /**
   * Recording tasks an account may run at once before starts fail with FailedOperation.RestrictedConcurrency
   * (raised by a ticket).
   * https://www.tencentcloud.com/document/product/647/45169
   */
  concurrentRecordingTasks: 100,
});

export type ApiDefaults = typeof API_DEFAULTS;
