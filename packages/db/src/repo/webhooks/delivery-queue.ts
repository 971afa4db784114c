import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import {
  queryRows,
  readDate,
  readJsonObject,
  readNullableText,
  readNumber,
  readText,
} from "../../internal/rows";

/** A delivery a worker holds until `leaseExpiresAt`, with all it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  leaseToken: string;
  /** Attempts made before this one. */
  attempts: number;
  endpointId: string;
  url: string;
  /** The current secret, then the one the last rotation replaced while its overlap lasts. */
  secrets: string[];
  event: { id: string; type: string; payload: Record<string, unknown>; createdAt: Date };
}

export interface ClaimOptions {
  /** Who claims (logged and stored in claimed_by). */
  workerId: string;
  limit: number;
  /** How long the claim holds; longer than an attempt can take (a 10 s timeout and more). */
  leaseMs: number;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for one worker. Rows are locked
 * FOR UPDATE SKIP LOCKED, so concurrent claimers (other instances) never take the same row,
 * and stamped with a lease: until it expires no claim takes them again; after (the worker
 * crashed), any worker may. One statement, so it works the same on PGlite.
 */
export async function claimDueDeliveries(
  handle: DbHandle,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  return withDomainErrors(async () => {
    const rows = await queryRows(
      executorOf(handle),
      sql`
        WITH due AS (
          SELECT d.id
            FROM v2_webhook_deliveries AS d
            JOIN v2_webhook_endpoints AS ep ON ep.id = d.endpoint_id AND ep.enabled
           WHERE d.status = 'pending'
             AND d.next_attempt_at <= now()
             AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= now())
           ORDER BY d.next_attempt_at
           LIMIT ${options.limit}
             FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE v2_webhook_deliveries AS d
           SET claimed_by = ${options.workerId},
               lease_token = ${randomUUID()} || ':' || d.id,
               lease_expires_at = now() + ${options.leaseMs} * interval '1 millisecond',
               updated_at = now()
          FROM due, v2_webhook_endpoints AS ep, v2_webhook_events AS ev
         WHERE d.id = due.id AND ep.id = d.endpoint_id AND ev.id = d.event_id
        RETURNING d.id, d.lease_token, d.attempts, d.endpoint_id, ep.url, ep.secret,
                  CASE WHEN ep.previous_secret_expires_at > now() THEN ep.previous_secret END
                    AS previous_secret,
                  ev.id AS event_id, ev.type AS event_type, ev.payload, ev.created_at AS event_created_at
      `,
    );
    return rows.map((row) => {
      const previous = readNullableText(row.previous_secret);
      return {
        id: readText(row.id),
        leaseToken: readText(row.lease_token),
        attempts: readNumber(row.attempts),
        endpointId: readText(row.endpoint_id),
        url: readText(row.url),
        secrets: previous ? [readText(row.secret), previous] : [readText(row.secret)],
        event: {
          id: readText(row.event_id),
          type: readText(row.event_type),
          payload: readJsonObject(row.payload) ?? {},
          createdAt: readDate(row.event_created_at),
        },
      };
    });
  });
}

export interface DeliveryAttemptOutcome {
  deliveryId: string;
  leaseToken: string;
  succeeded: boolean;
  /** The HTTP status, when a response came. */
  responseCode: number | null;
  /** Why the attempt failed (timeout, refused address, non-2xx), null on success. */
  error: string | null;
  /** The response body's start, capped by the caller. */
  responseBody: string | null;
  /** When to try again after a failure, in ms from now; null: the schedule is spent, give up. */
  retryInMs: number | null;
  /** Consecutive failed attempts after which the endpoint is disabled. */
  disableAfterFailures: number;
}

export interface RecordedAttempt {
  /** false: the lease had expired and another worker took the delivery; nothing was written. */
  recorded: boolean;
  status: "pending" | "succeeded" | "failed" | null;
  endpointDisabled: boolean;
}

/**
 * Records one attempt (only by the lease's holder) and, in the same transaction, the endpoint's
 * consecutive-failure count: reset by a success, and at `disableAfterFailures` the endpoint is
 * disabled with a reason its GET shows.
 */
export async function recordDeliveryAttempt(
  handle: DbHandle,
  outcome: DeliveryAttemptOutcome,
): Promise<RecordedAttempt> {
  const ok = outcome.succeeded;
  return withDomainErrors(() =>
    executorOf(handle).transaction(async (tx) => {
      // The endpoint row first, as deleting an endpoint locks it before cascading to its
      // deliveries: locking the delivery first deadlocked with a concurrent DELETE (a 503).
      // NO KEY UPDATE still lets emit_event insert deliveries that reference the endpoint.
      await queryRows(
        tx,
        sql`
          SELECT ep.id
            FROM v2_webhook_endpoints AS ep
            JOIN v2_webhook_deliveries AS d ON d.endpoint_id = ep.id
           WHERE d.id = ${outcome.deliveryId}
             FOR NO KEY UPDATE OF ep
        `,
      );
      const [delivery] = await queryRows(
        tx,
        sql`
          UPDATE v2_webhook_deliveries
             SET attempts = attempts + 1,
                 last_attempt_at = now(),
                 last_response_code = ${outcome.responseCode},
                 last_error = ${outcome.error},
                 last_response_body = ${outcome.responseBody},
                 status = CASE WHEN ${ok}::boolean THEN 'succeeded'
                               WHEN ${outcome.retryInMs}::double precision IS NULL THEN 'failed'
                               ELSE 'pending' END,
                 delivered_at = CASE WHEN ${ok}::boolean THEN now() ELSE delivered_at END,
                 next_attempt_at = CASE WHEN ${ok}::boolean OR ${outcome.retryInMs}::double precision IS NULL
                                        THEN next_attempt_at
                                        ELSE now() + ${outcome.retryInMs}::double precision * interval '1 millisecond' END,
                 claimed_by = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
           WHERE id = ${outcome.deliveryId} AND lease_token = ${outcome.leaseToken}
          RETURNING endpoint_id, status
        `,
      );
      if (!delivery) return { recorded: false, status: null, endpointDisabled: false };
      const [endpoint] = await queryRows(
        tx,
        sql`
          UPDATE v2_webhook_endpoints AS ep
             SET consecutive_failures = CASE WHEN ${ok}::boolean THEN 0 ELSE ep.consecutive_failures + 1 END,
                 enabled = ep.enabled AND (${ok}::boolean OR ep.consecutive_failures + 1 < ${outcome.disableAfterFailures}),
                 disabled_at = CASE WHEN ep.enabled AND NOT ${ok}::boolean
                                         AND ep.consecutive_failures + 1 >= ${outcome.disableAfterFailures}
                                    THEN now() ELSE ep.disabled_at END,
                 disabled_reason = CASE WHEN ep.enabled AND NOT ${ok}::boolean
                                         AND ep.consecutive_failures + 1 >= ${outcome.disableAfterFailures}
                                    THEN format('disabled after %s consecutive failed delivery attempts; the last: %s',
                                                ep.consecutive_failures + 1, ${outcome.error ?? "failed"}::text)
                                    ELSE ep.disabled_reason END,
                 updated_at = now()
           WHERE ep.id = ${readText(delivery.endpoint_id)}
          RETURNING ep.enabled
        `,
      );
      return {
        recorded: true,
        status: readText(delivery.status) as RecordedAttempt["status"],
        endpointDisabled: endpoint?.enabled === false,
      };
    }),
  );
}
