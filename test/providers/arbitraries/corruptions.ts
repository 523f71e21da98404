// Corruptions of valid inputs, each breaking exactly one documented rule at a known property path, and the means to
// build them: setting a field (creating valid parents), or both storage kinds at once. The lists are in
// cloudCorruptions.ts and webCorruptions.ts.

import type { Kind, Props, Site } from "./fields";
import { type Canvas, DEFAULT_CANVAS } from "./layout";

/** Breaks exactly one documented rule in a copy of valid inputs. */
export interface Corruption {
  kind: Kind;
  rule: "range" | "enum" | "type" | "charset" | "length" | "url" | "image-url" | "list-size" | "cross-field" | "site";
  /** The property the failure must name. */
  path: string;
  /** Mutates `inputs`; false when these inputs cannot host this corruption (the case is then skipped). */
  apply(inputs: Props, site: Site, choose: <T>(values: readonly T[]) => T): boolean;
}

export function child(parent: Props, key: string, make: () => Props = () => ({})): Props {
  if (parent[key] === undefined) parent[key] = make();
  return parent[key] as Props;
}

export function canvasOf(inputs: Props): Canvas {
  const video = (inputs.mixTranscodeParams as Props | undefined)?.videoParams as Canvas | undefined;
  return video ?? DEFAULT_CANVAS;
}

/** Both storage kinds at once: adds whichever of COS and VOD the inputs lack. */
export function bothStorageKinds(kind: Kind): Corruption {
  return {
    kind,
    rule: "cross-field",
    path: "storageParams.cloudVod",
    apply(inputs) {
      const storage = inputs.storageParams as Props;
      if (storage.cloudStorage === undefined) {
        storage.cloudStorage = {
          vendor: 0,
          region: "ap-singapore",
          bucket: "b-1250000000",
          accessKey: "a",
          secretKey: "s",
        };
      } else {
        storage.cloudVod = {};
      }
      return true;
    },
  };
}

/** A corruption every valid input can host: `change` mutates the inputs (`choose` picks one of some values). */
export function corrupt(
  kind: Kind,
  rule: Corruption["rule"],
  path: string,
  change: (inputs: Props, choose: <T>(values: readonly T[]) => T) => void,
): Corruption {
  return {
    kind,
    rule,
    path,
    apply(inputs, _site, choose) {
      change(inputs, choose);
      return true;
    },
  };
}

/** A field set to one of `values` (creating optional parents with valid minimal contents). */
export function setting(
  kind: Kind,
  rule: Corruption["rule"],
  path: string,
  values: readonly unknown[],
  parentOf: (inputs: Props, site: Site) => Props | undefined,
): Corruption {
  const key = path.split(".").at(-1) as string;
  return {
    kind,
    rule,
    path,
    apply(inputs, site, choose) {
      const parent = parentOf(inputs, site);
      if (!parent) return false;
      parent[key] = choose(values);
      return true;
    },
  };
}

export const top = (inputs: Props) => inputs;
export const recordParamsOf = (inputs: Props) => inputs.recordParams as Props;
export const layoutOf = (inputs: Props) => child(inputs, "mixLayoutParams", () => ({ mixLayoutMode: 3 }));
export const cosOf = (inputs: Props) => (inputs.storageParams as Props).cloudStorage as Props | undefined;
export const vodOf = (inputs: Props) => {
  const vod = (inputs.storageParams as Props).cloudVod as Props | undefined;
  return vod ? child(vod, "tencentVod") : undefined;
};

export const numericRoomOnly = (inputs: Props) => (inputs.roomIdType === 0 ? undefined : inputs);
export const stringRoomOnly = (inputs: Props) => (inputs.roomIdType === 0 ? inputs : undefined);
