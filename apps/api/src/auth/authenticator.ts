import { createHash, timingSafeEqual } from "node:crypto";
import { authenticateApiKey, type Database } from "@columnline/db";
import { type ApiKeyScope, DomainError, hasScope, type Principal } from "@columnline/domain";

export interface Authenticator {
  /** The caller behind an Authorization header, or an UNAUTHORIZED error. */
  authenticate(authorization: string | undefined): Promise<Principal>;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest();

/**
 * Bearer keys: ADMIN_API_KEY from the environment (compared in constant time
 * through its hash), else a stored key looked up by its SHA-256 hash, so a
 * revoked key fails on its very next request.
 */
export function createAuthenticator(options: {
  db: Database;
  adminApiKey?: string | undefined;
}): Authenticator {
  const adminHash = options.adminApiKey ? sha256(options.adminApiKey) : null;
  return {
    async authenticate(authorization) {
      const key = bearerToken(authorization);
      if (adminHash && timingSafeEqual(sha256(key), adminHash)) {
        return { keyId: null, name: "ADMIN_API_KEY", scopes: ["admin"] };
      }
      const apiKey = await authenticateApiKey(options.db, key);
      return { keyId: apiKey.id, name: apiKey.name, scopes: apiKey.scopes };
    },
  };
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    throw new DomainError(
      "UNAUTHORIZED",
      "Missing API key: send the header Authorization: Bearer <key>",
    );
  }
  return match[1];
}

/** The caller behind `authorization` if its key holds `scope` (admin holds every scope). */
export async function authorize(
  authenticator: Authenticator,
  authorization: string | undefined,
  scope: ApiKeyScope,
): Promise<Principal> {
  const principal = await authenticator.authenticate(authorization);
  if (!hasScope(principal, scope)) {
    throw new DomainError("FORBIDDEN", `This API key lacks the ${scope} scope`);
  }
  return principal;
}

/**
 * One request's authenticator: the key is looked up once, however many checks
 * the request passes through (REST checks before reading the body, the procedure again).
 */
export function perRequestAuthenticator(authenticator: Authenticator): Authenticator {
  let last: { authorization: string | undefined; principal: Promise<Principal> } | null = null;
  return {
    authenticate(authorization) {
      if (last === null || last.authorization !== authorization) {
        last = { authorization, principal: authenticator.authenticate(authorization) };
      }
      return last.principal;
    },
  };
}
