// The request bodies as the action handlers read them once validation.ts has accepted them (PascalCase, as sent).
// Only the fields the emulator acts on are typed; the rest stay in the task's recorded request.

export interface SubscribeStreamUserIds {
  SubscribeAudioUserIds?: string[];
  UnSubscribeAudioUserIds?: string[];
  SubscribeVideoUserIds?: string[];
  UnSubscribeVideoUserIds?: string[];
}

export interface Box {
  Top: number;
  Left: number;
  Width: number;
  Height: number;
}

export interface MixLayoutParams {
  MixLayoutMode: number;
  MixLayoutList?: Box[];
  WaterMarkList?: Array<{ WaterMarkType?: number; WaterMarkImage?: Box; WaterMarkChar?: Box }>;
}

export interface StorageParams {
  CloudStorage?: { Vendor: number; FileNamePrefix?: string[] };
  CloudVod?: { TencentVod?: { MediaType?: number } };
}

export interface CreateCloudRecordingBody {
  SdkAppId: number;
  RoomId: string;
  RoomIdType?: number;
  UserId: string;
  UserSig: string;
  RecordParams: {
    RecordMode: number;
    MaxIdleTime?: number;
    StreamType?: number;
    SubscribeStreamUserIds?: SubscribeStreamUserIds;
    OutputFormat?: number;
    AvMerge?: number;
    MediaId?: number;
  };
  StorageParams: StorageParams;
  MixTranscodeParams?: { VideoParams?: { Width: number; Height: number } };
  MixLayoutParams?: MixLayoutParams;
  ResourceExpiredHour?: number;
}

export interface ManageCloudRecordingBody {
  SdkAppId: number;
  TaskId: string;
  RecorderKey?: string;
  MixLayoutParams?: MixLayoutParams;
  SubscribeStreamUserIds?: SubscribeStreamUserIds;
}

export interface StartWebRecordBody {
  SdkAppId: number;
  RecordUrl: string;
  StorageParams: StorageParams;
  MaxDurationLimit?: number;
  RecordId?: string;
}

export interface DescribeWebRecordBody {
  TaskId?: string;
  SdkAppId?: number;
  RecordId?: string;
}

export interface ActionRequests {
  CreateCloudRecording: CreateCloudRecordingBody;
  DescribeCloudRecording: ManageCloudRecordingBody;
  ModifyCloudRecording: ManageCloudRecordingBody;
  DeleteCloudRecording: ManageCloudRecordingBody;
  StartWebRecord: StartWebRecordBody;
  DescribeWebRecord: DescribeWebRecordBody;
  StopWebRecord: { TaskId: string };
}
