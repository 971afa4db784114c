import type { ApiKeyScope } from "@columnline/domain";

/** A live dashboard session as the API sees it: never the token, nor its hash. */
export interface DashboardSession {
  /** The stored key it was signed in with; null for the environment's ADMIN_API_KEY. */
  apiKeyId: string | null;
  /** That key's name and scopes (null for ADMIN_API_KEY: the API knows them). */
  key: { name: string; scopes: ApiKeyScope[] } | null;
  /** Set for ADMIN_API_KEY sessions: HMAC-SHA256 of the token under that key (hex). */
  adminKeyProof: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}
