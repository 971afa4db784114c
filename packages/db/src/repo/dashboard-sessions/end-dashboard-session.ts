import { eq } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { dashboardSessions } from "../../schema";
import { hashSessionToken } from "./session-token";

/** Ends (deletes) the session behind `token`; false when there was none. */
export async function endDashboardSession(handle: DbHandle, token: string): Promise<boolean> {
  return withDomainErrors(async () => {
    const ended = await executorOf(handle)
      .delete(dashboardSessions)
      .where(eq(dashboardSessions.tokenHash, hashSessionToken(token)))
      .returning({ tokenHash: dashboardSessions.tokenHash });
    return ended.length > 0;
  });
}
