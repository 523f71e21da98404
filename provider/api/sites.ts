// Tencent Cloud runs TRTC on two sites with separate accounts, endpoints and region lists.
// https://www.tencentcloud.com/document/api/647/37079 (international) and https://cloud.tencent.com/document/api/647/37079 (China).

export type Site = "intl" | "china";

export const SITE_ENDPOINTS: Record<Site, string> = {
  intl: "https://trtc.intl.tencentcloudapi.com",
  china: "https://trtc.tencentcloudapi.com",
};
