import { type ApiKeyScope, hasScope } from "@columnline/domain/scopes";

/** What a session's key may do, as the API checks it (admin holds every scope). */
export const sessionMay = (scopes: readonly ApiKeyScope[], scope: ApiKeyScope): boolean =>
  hasScope({ keyId: null, name: "session", scopes }, scope);
