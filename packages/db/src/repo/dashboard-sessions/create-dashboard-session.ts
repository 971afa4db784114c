import { DomainError } from "@columnline/domain";
import { lte } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { dashboardSessions } from "../../schema";
import { generateSessionToken, hashSessionToken } from "./session-token";

export interface CreateDashboardSessionInput {
  /** A stored key's id, or null with `adminKeyProof` for the environment's ADMIN_API_KEY. */
  apiKeyId: string | null;
  /** Computes the proof from the new token (ADMIN_API_KEY sessions only). */
  adminKeyProof?: (token: string) => string;
  now: Date;
  expiresAt: Date;
}

/**
 * Starts a session and returns its token (for the cookie; only its hash is stored).
 * Expired sessions are deleted on the way, so the table holds live ones and a few more.
 */
export async function createDashboardSession(
  handle: DbHandle,
  input: CreateDashboardSessionInput,
): Promise<{ token: string }> {
  if (input.expiresAt <= input.now) {
    throw new DomainError("VALIDATION", "A session must expire after it starts");
  }
  const token = generateSessionToken();
  const adminKeyProof = input.apiKeyId === null ? (input.adminKeyProof?.(token) ?? null) : null;
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    await executor.delete(dashboardSessions).where(lte(dashboardSessions.expiresAt, input.now));
    await executor.insert(dashboardSessions).values({
      tokenHash: hashSessionToken(token),
      apiKeyId: input.apiKeyId,
      adminKeyProof,
      createdAt: input.now,
      expiresAt: input.expiresAt,
      lastSeenAt: input.now,
    });
    return { token };
  });
}
