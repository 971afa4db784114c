import { lookup } from "node:dns/promises";
import { DEFAULT_RETRY_JITTER, DEFAULT_RETRY_SCHEDULE_MS, type RetryPolicy } from "./backoff";
import type { Resolve } from "./send-webhook";

/** How webhooks are delivered; every field has a production default (see the README). */
export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE=1: http and private/loopback targets (local receivers, tests). */
  allowPrivate: boolean;
  /** Per attempt: connect, answer and the (capped) body. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Consecutive failed attempts (over all its deliveries) that disable an endpoint. */
  disableAfterFailures: number;
  /** Attempts in flight at once, per instance. */
  concurrency: number;
  /** How often due deliveries are looked for without a NOTIFY (retries come due by time). */
  pollIntervalMs: number;
  /** How long a claim holds; a crashed instance's deliveries are retaken after it. */
  leaseMs: number;
  maxBodyBytes: number;
  resolve: Resolve;
}

export const defaultResolve: Resolve = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

export const DEFAULT_DISABLE_AFTER_FAILURES = 20;

export function webhookSettings(overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  return {
    allowPrivate: false,
    timeoutMs: 10_000,
    retry: { scheduleMs: DEFAULT_RETRY_SCHEDULE_MS, jitter: DEFAULT_RETRY_JITTER },
    disableAfterFailures: DEFAULT_DISABLE_AFTER_FAILURES,
    concurrency: 8,
    pollIntervalMs: 5_000,
    leaseMs: 60_000,
    maxBodyBytes: 4096,
    resolve: defaultResolve,
    ...overrides,
  };
}
