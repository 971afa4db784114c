import { createHash, timingSafeEqual } from "node:crypto";
import { API_KEY_REVOKED_CHANNEL, authenticateApiKey, type Database } from "@columnline/db";
import { type ApiKeyScope, DomainError, hasScope, type Principal } from "@columnline/domain";
import { createKeyCache } from "./key-cache";

export interface Authenticator {
  /** The caller behind an Authorization header, or an UNAUTHORIZED error. */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** The caller behind a key itself (the dashboard's sign-in), or an UNAUTHORIZED error. */
  authenticateKey(key: string): Promise<Principal>;
  /** Stops accepting a key this instance may have cached (it was just revoked). */
  forgetKey(keyId: string): void;
}

export interface ServiceAuthenticator extends Authenticator {
  /** Evicts keys revoked by any instance; resolves to a function that stops listening. */
  watchRevocations(): Promise<() => Promise<void>>;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest();

const KEY_CACHE_TTL_MS = 30_000;

/** The caller holding the environment's ADMIN_API_KEY (it has no row, hence no id). */
export const ADMIN_ENV_PRINCIPAL: Principal = {
  keyId: null,
  name: "ADMIN_API_KEY",
  scopes: ["admin"],
};

/**
 * Bearer keys: ADMIN_API_KEY from the environment (compared in constant time
 * through its hash), else a stored key looked up by its SHA-256 hash and cached
 * briefly. A revoked key fails on its very next request: revocation evicts it here
 * and, through NOTIFY, on every other instance.
 */
export function createAuthenticator(options: {
  db: Database;
  adminApiKey?: string | undefined;
}): ServiceAuthenticator {
  const adminHash = options.adminApiKey ? sha256(options.adminApiKey) : null;
  const cache = createKeyCache({ ttlMs: KEY_CACHE_TTL_MS, maxEntries: 10_000 });
  // Bumped by every eviction. A lookup that was in flight when a key was revoked read it
  // before the revocation: its answer must not be cached, or the key would keep working.
  let evictions = 0;
  const evict = (keyId?: string) => {
    evictions += 1;
    if (keyId === undefined) cache.clear();
    else cache.forgetKey(keyId);
  };
  const authenticateKey = async (key: string): Promise<Principal> => {
    const keyHash = sha256(key);
    if (adminHash && timingSafeEqual(keyHash, adminHash)) {
      return ADMIN_ENV_PRINCIPAL;
    }
    const cacheKey = keyHash.toString("hex");
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    const evictionsBefore = evictions;
    const apiKey = await authenticateApiKey(options.db, key);
    const principal: Principal = { keyId: apiKey.id, name: apiKey.name, scopes: apiKey.scopes };
    if (evictions === evictionsBefore) cache.set(cacheKey, principal);
    return principal;
  };
  return {
    authenticate: (authorization) => authenticateKey(bearerToken(authorization)),
    authenticateKey,
    forgetKey: (keyId) => evict(keyId),
    // Notifications sent while the subscription was down are lost: start from nothing then.
    watchRevocations: () =>
      options.db.listen(
        API_KEY_REVOKED_CHANNEL,
        (keyId) => evict(keyId),
        () => evict(),
      ),
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
  return requireScope(await authenticator.authenticate(authorization), scope);
}

/** The principal, if it holds `scope`; FORBIDDEN otherwise. */
export function requireScope(principal: Principal, scope: ApiKeyScope): Principal {
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
    forgetKey: (keyId) => authenticator.forgetKey(keyId),
    authenticateKey: (key) => authenticator.authenticateKey(key),
    authenticate(authorization) {
      if (last === null || last.authorization !== authorization) {
        last = { authorization, principal: authenticator.authenticate(authorization) };
      }
      return last.principal;
    },
  };
}
