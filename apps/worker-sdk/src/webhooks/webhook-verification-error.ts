/** Why a webhook was refused; each is a reason to answer the sender with a 4xx and not act on it. */
export type WebhookVerificationFailure =
  /** `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty. */
  | "missing_headers"
  /** `webhook-timestamp` is not a whole number of seconds. */
  | "invalid_timestamp"
  /** Signed more than 5 minutes ago: a replay, or a clock far off. */
  | "timestamp_too_old"
  /** Signed more than 5 minutes in the future. */
  | "timestamp_too_new"
  /** No signature matches the body under any of the secrets: tampered, or a wrong secret. */
  | "invalid_signature"
  /** Signed correctly, but not a Columnline Runs event (not JSON, or no type/timestamp/data). */
  | "invalid_payload"
  /** Signed correctly, but an event type this SDK version does not know. */
  | "unknown_event_type";

/** A webhook that must not be trusted; `reason` says why, for logs and the answer's status. */
export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationFailure;

  constructor(reason: WebhookVerificationFailure, message: string) {
    super(message);
    this.name = "WebhookVerificationError";
    this.reason = reason;
  }
}
