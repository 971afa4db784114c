import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { apiKeys, dashboardSessions } from "../../schema";
import { hashSessionToken } from "./session-token";
import type { DashboardSession } from "./types";

/** last_seen_at is refreshed at most this often, so a busy dashboard does not write per request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The live session behind `token`: not expired at `now`, and its key not revoked
 * (checked here on every call, so revocation ends sessions on every instance at once).
 * Null when there is none.
 */
export async function findDashboardSession(
  handle: DbHandle,
  token: string,
  now: Date,
): Promise<DashboardSession | null> {
  const tokenHash = hashSessionToken(token);
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    const [row] = await executor
      .select({
        apiKeyId: dashboardSessions.apiKeyId,
        adminKeyProof: dashboardSessions.adminKeyProof,
        createdAt: dashboardSessions.createdAt,
        expiresAt: dashboardSessions.expiresAt,
        lastSeenAt: dashboardSessions.lastSeenAt,
        keyName: apiKeys.name,
        keyScopes: apiKeys.scopes,
      })
      .from(dashboardSessions)
      .leftJoin(apiKeys, eq(apiKeys.id, dashboardSessions.apiKeyId))
      .where(
        and(
          eq(dashboardSessions.tokenHash, tokenHash),
          gt(dashboardSessions.expiresAt, now),
          or(isNull(dashboardSessions.apiKeyId), isNull(apiKeys.revokedAt)),
        ),
      );
    if (!row) return null;
    // A key row deleted under the session: the cascade removes the session; treat it as gone.
    if (row.apiKeyId !== null && (row.keyName === null || row.keyScopes === null)) return null;
    const staleBefore = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
    if (row.lastSeenAt < staleBefore) {
      await executor
        .update(dashboardSessions)
        .set({ lastSeenAt: now })
        .where(
          and(
            eq(dashboardSessions.tokenHash, tokenHash),
            lt(dashboardSessions.lastSeenAt, staleBefore),
          ),
        );
    }
    return {
      apiKeyId: row.apiKeyId,
      key:
        row.keyName !== null && row.keyScopes !== null
          ? { name: row.keyName, scopes: row.keyScopes }
          : null,
      adminKeyProof: row.adminKeyProof,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      lastSeenAt: row.lastSeenAt < staleBefore ? now : row.lastSeenAt,
    };
  });
}
