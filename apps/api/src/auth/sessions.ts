import { createHmac, timingSafeEqual } from "node:crypto";
import {
  createDashboardSession,
  type Database,
  endDashboardSession,
  findDashboardSession,
} from "@columnline/db";
import { DomainError, type Principal } from "@columnline/domain";
import { ADMIN_ENV_PRINCIPAL, type Authenticator } from "./authenticator";

export interface DashboardSessionInfo {
  principal: Principal;
  expiresAt: Date;
}

/** Server-side dashboard sessions, shared by every instance through the database. */
export interface SessionService {
  /** Checks the key as the Authorization header would and starts a session for it. */
  signIn(key: string, now: Date): Promise<DashboardSessionInfo & { token: string }>;
  /** The session behind a cookie's token, or UNAUTHORIZED (none, expired, ended, key revoked). */
  resume(token: string, now: Date): Promise<DashboardSessionInfo>;
  /** Ends the session behind the token, if any. */
  signOut(token: string): Promise<void>;
}

const sessionEnded = () =>
  new DomainError(
    "UNAUTHORIZED",
    "Your dashboard session has expired or ended; sign in again with an API key",
  );

export function createSessionService(options: {
  db: Database;
  authenticator: Authenticator;
  adminApiKey?: string | undefined;
  ttlMs: number;
}): SessionService {
  const { db, authenticator, adminApiKey, ttlMs } = options;
  // ADMIN_API_KEY has no row to hang its sessions on: each stores HMAC(key, token) instead,
  // so they end when the key is changed, and the table alone cannot be used to test guesses.
  const adminProof = (token: string) =>
    createHmac("sha256", adminApiKey ?? "")
      .update(token)
      .digest("hex");
  return {
    async signIn(key, now) {
      const principal = await authenticator.authenticateKey(key);
      const expiresAt = new Date(now.getTime() + ttlMs);
      const { token } = await createDashboardSession(db, {
        apiKeyId: principal.keyId,
        adminKeyProof: adminProof,
        now,
        expiresAt,
      });
      return { token, principal, expiresAt };
    },
    async resume(token, now) {
      const session = await findDashboardSession(db, token, now);
      if (!session) throw sessionEnded();
      if (session.apiKeyId !== null && session.key) {
        const { name, scopes } = session.key;
        return {
          principal: { keyId: session.apiKeyId, name, scopes },
          expiresAt: session.expiresAt,
        };
      }
      const proof = Buffer.from(session.adminKeyProof ?? "", "hex");
      const expected = Buffer.from(adminProof(token), "hex");
      if (!adminApiKey || proof.length !== expected.length || !timingSafeEqual(proof, expected)) {
        throw sessionEnded();
      }
      return { principal: ADMIN_ENV_PRINCIPAL, expiresAt: session.expiresAt };
    },
    async signOut(token) {
      await endDashboardSession(db, token);
    },
  };
}
