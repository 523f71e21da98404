// Where each action is offered, per site. Sources: the "This API only supports" line of each action's page,
// e.g. https://www.tencentcloud.com/document/api/647/46960 (CreateCloudRecording, intl) and
// https://cloud.tencent.com/document/api/647/73786 (CN). The intl Describe/Modify/Delete pages add ap-mumbai.

import type { ActionName } from "./actions";
import type { Site } from "./sites";

const CN = ["ap-beijing", "ap-guangzhou", "ap-shanghai"] as const;
const INTL_CREATE = ["ap-beijing", "ap-guangzhou", "ap-shanghai", "ap-singapore"] as const;
const INTL_MANAGE = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-shanghai", "ap-singapore"] as const;
const INTL_WEB = ["ap-singapore"] as const;

const REGIONS: Record<Site, Record<ActionName, readonly string[]>> = {
  china: {
    CreateCloudRecording: CN,
    DescribeCloudRecording: CN,
    ModifyCloudRecording: CN,
    DeleteCloudRecording: CN,
    StartWebRecord: CN,
    DescribeWebRecord: CN,
    StopWebRecord: CN,
  },
  intl: {
    CreateCloudRecording: INTL_CREATE,
    DescribeCloudRecording: INTL_MANAGE,
    ModifyCloudRecording: INTL_MANAGE,
    DeleteCloudRecording: INTL_MANAGE,
    StartWebRecord: INTL_WEB,
    DescribeWebRecord: INTL_WEB,
    StopWebRecord: INTL_WEB,
  },
};

export function regionsFor(site: Site, action: ActionName): readonly string[] {
  return REGIONS[site][action];
}
