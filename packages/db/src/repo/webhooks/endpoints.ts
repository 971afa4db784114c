import { notFound } from "@columnline/domain";
import { desc, eq, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { webhookEndpoints } from "../../schema";
import type { WebhookEventType } from "../../schema/enum-values";
import {
  checkEndpointId,
  generateWebhookSecret,
  newEndpointId,
  parseDescription,
  parseEndpointUrl,
  parseEventTypes,
} from "./endpoint-material";
import { toWebhookEndpoint, type WebhookEndpoint } from "./types";

export interface CreateWebhookEndpointInput {
  url: string;
  eventTypes: WebhookEventType[];
  description?: string | null;
  enabled?: boolean;
}

export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpoint;
  /** `whsec_...`: returned by create and rotate only, never readable again. */
  secret: string;
}

export async function createWebhookEndpoint(
  handle: DbHandle,
  input: CreateWebhookEndpointInput,
): Promise<WebhookEndpointWithSecret> {
  const url = parseEndpointUrl(input.url);
  const eventTypes = parseEventTypes(input.eventTypes);
  const description = parseDescription(input.description);
  const secret = generateWebhookSecret();
  return withDomainErrors(async () => {
    const [row] = await executorOf(handle)
      .insert(webhookEndpoints)
      .values({
        id: newEndpointId(),
        url,
        eventTypes,
        description,
        enabled: input.enabled ?? true,
        secret,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return { endpoint: toWebhookEndpoint(row), secret };
  });
}

export async function getWebhookEndpoint(handle: DbHandle, id: string): Promise<WebhookEndpoint> {
  checkEndpointId(id);
  return withDomainErrors(async () => {
    const [row] = await executorOf(handle)
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id));
    if (!row) throw notFound("webhook endpoint", id);
    return toWebhookEndpoint(row);
  });
}

/** Every endpoint, newest first (an installation has a handful). */
export async function listWebhookEndpoints(handle: DbHandle): Promise<WebhookEndpoint[]> {
  return withDomainErrors(async () => {
    const rows = await executorOf(handle)
      .select()
      .from(webhookEndpoints)
      .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
    return rows.map((row) => toWebhookEndpoint(row));
  });
}

export interface UpdateWebhookEndpointInput {
  url?: string;
  eventTypes?: WebhookEventType[];
  description?: string | null;
  /** true re-enables a disabled endpoint: its failure count and reason are cleared. */
  enabled?: boolean;
}

export async function updateWebhookEndpoint(
  handle: DbHandle,
  id: string,
  input: UpdateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  checkEndpointId(id);
  const changes: Partial<typeof webhookEndpoints.$inferInsert> = {};
  if (input.url !== undefined) changes.url = parseEndpointUrl(input.url);
  if (input.eventTypes !== undefined) changes.eventTypes = parseEventTypes(input.eventTypes);
  if (input.description !== undefined) changes.description = parseDescription(input.description);
  if (input.enabled === true) {
    Object.assign(changes, {
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
    });
  } else if (input.enabled === false) {
    Object.assign(changes, { enabled: false, disabledReason: "disabled by an operator" });
  }
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    const [row] = await executor
      .update(webhookEndpoints)
      .set({
        ...changes,
        ...(input.enabled === false ? { disabledAt: sql`coalesce(disabled_at, now())` } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw notFound("webhook endpoint", id);
    return toWebhookEndpoint(row);
  });
}

/** Removes the endpoint and its delivery log; NOT_FOUND if unknown. */
export async function deleteWebhookEndpoint(
  handle: DbHandle,
  id: string,
): Promise<WebhookEndpoint> {
  checkEndpointId(id);
  return withDomainErrors(async () => {
    const [row] = await executorOf(handle)
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw notFound("webhook endpoint", id);
    return toWebhookEndpoint(row);
  });
}

/** 24 hours: how long the replaced secret still signs after a rotation by default. */
export const DEFAULT_SECRET_OVERLAP_MS = 24 * 3_600_000;

/**
 * A new secret (returned once); the replaced one keeps signing, beside it, until the overlap
 * ends, so receivers can switch over without dropping a delivery.
 */
export async function rotateWebhookSecret(
  handle: DbHandle,
  id: string,
  options: { overlapMs?: number } = {},
): Promise<WebhookEndpointWithSecret> {
  checkEndpointId(id);
  const overlapMs = options.overlapMs ?? DEFAULT_SECRET_OVERLAP_MS;
  const secret = generateWebhookSecret();
  return withDomainErrors(async () => {
    const [row] = await executorOf(handle)
      .update(webhookEndpoints)
      .set({
        previousSecret: sql`${webhookEndpoints.secret}`,
        previousSecretExpiresAt: sql`now() + ${overlapMs} * interval '1 millisecond'`,
        secret,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw notFound("webhook endpoint", id);
    return { endpoint: toWebhookEndpoint(row), secret };
  });
}
