// Valid inputs of either resource, chosen by kind and site.

import fc from "fast-check";
import { cloudInputs } from "./cloudRecording";
import { type Kind, type Props, SITES, type Site } from "./fields";
import { webInputs } from "./webRecording";

/** Valid inputs of the resource of `kind` for a site. */
export function validInputs(kind: Kind, site: Site): fc.Arbitrary<Props> {
  return kind === "cloud" ? cloudInputs(site) : webInputs(site);
}

/** Valid inputs of either resource on either site. */
export const anyValidInputs: fc.Arbitrary<{ kind: Kind; site: Site; inputs: Props }> = fc
  .tuple(fc.constantFrom<Kind>("cloud", "web"), fc.constantFrom(...SITES))
  .chain(([kind, site]) => validInputs(kind, site).map((inputs) => ({ kind, site, inputs })));
