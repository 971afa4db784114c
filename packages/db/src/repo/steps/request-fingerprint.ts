import { createHash } from "node:crypto";
import type { Usage } from "@columnline/domain";
import { canonicalJson } from "../../internal/canonical-json";

export interface FingerprintedRequest {
  stepId: string;
  stepName: string | null;
  model: string | null;
  usage: Usage;
  /** The reported cost in canonical decimal form, so "0.10" and 0.1 are the same request. */
  reportedCost: string | null;
}

/** sha256 (hex) of the canonical request: tells a retried duplicate from a conflicting reuse. */
export function requestFingerprint(request: FingerprintedRequest): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}
