import { createHash } from "node:crypto";
import type { Usage } from "@columnline/domain";
import { canonicalJson } from "../../internal/canonical-json";

export interface FingerprintedRequest {
  stepId: string;
  stepName: string | null;
  model: string | null;
  /**
   * Validated usage: its five token counts, and only the other counts that are not at
   * their default (the domain drops those). A request that reports none of the newer
   * counts (cache_write_1h_tokens, requests, ...) therefore hashes exactly as it did
   * before they existed: a retry recorded then is still a duplicate, not a conflict.
   */
  usage: Usage;
  /** The reported cost in canonical decimal form, so "0.10" and 0.1 are the same request. */
  reportedCost: string | null;
  /**
   * Timing as stored (ISO start, duration: an end sent as completed_at hashes as the
   * duration it implies) and metadata (keys sorted). Hashed only when present, so a
   * request without them hashes as it did before they existed (migration 0005).
   */
  startedAt?: string | null;
  durationMs?: number | null;
  metadata?: Record<string, unknown> | null;
}

/** sha256 (hex) of the canonical request: tells a retried duplicate from a conflicting reuse. */
export function requestFingerprint(request: FingerprintedRequest): string {
  const { startedAt, durationMs, metadata, ...rest } = request;
  const hashed = {
    ...rest,
    ...(startedAt == null ? {} : { startedAt }),
    ...(durationMs == null ? {} : { durationMs }),
    ...(metadata == null ? {} : { metadata }),
  };
  return createHash("sha256").update(canonicalJson(hashed)).digest("hex");
}
