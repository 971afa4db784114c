import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "clr_";
/** Characters kept for display: "clr_" plus 8 of the random part. */
const DISPLAY_PREFIX_LENGTH = 12;

/** A new plaintext key: "clr_" + 32 random bytes, base64url (256 bits of entropy). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** SHA-256 hex: keys are random and long, so a fast hash is enough (no salt/KDF needed). */
export function hashApiKey(plaintext: string): string {
  return createHash("sha256").update(plaintext, "utf8").digest("hex");
}

export function displayPrefix(plaintext: string): string {
  return plaintext.slice(0, DISPLAY_PREFIX_LENGTH);
}
