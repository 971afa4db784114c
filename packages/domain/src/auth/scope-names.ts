/** The scopes and what holding them means, without zod (for "@columnline/domain/scopes"). */

/** runs:write records (create, transitions, steps); runs:read reads; admin does everything. */
export const apiKeyScopes = ["runs:read", "runs:write", "admin"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** Who is calling: a stored key, or the ADMIN_API_KEY from the environment. */
export interface Principal {
  keyId: string | null;
  name: string;
  scopes: readonly ApiKeyScope[];
}

/** admin may do everything; the other scopes are exactly what they name. */
export function hasScope(principal: Principal, scope: ApiKeyScope): boolean {
  return principal.scopes.includes("admin") || principal.scopes.includes(scope);
}
