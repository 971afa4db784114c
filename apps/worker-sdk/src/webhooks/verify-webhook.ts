import { WebhookVerificationError as ReferenceVerificationError, Webhook } from "standardwebhooks";
import { type WebhookEvent, type WebhookEventType, webhookEventTypes } from "./webhook-event.js";
import {
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from "./webhook-verification-error.js";

/**
 * Request headers as Node's `req.headers` (IncomingHttpHeaders), a Fetch
 * `Headers` object, or a plain object; names are matched case-insensitively.
 */
export type WebhookHeaders =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>;

const signatureHeaders = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

/**
 * Checks a webhook from Columnline Runs and returns its event, typed by `type`.
 * `payload` must be the raw body exactly as received (re-serialized JSON does
 * not verify). `secret` is the endpoint's `whsec_...` secret; pass several
 * during a rotation's overlap (the old and the new one) and either verifies.
 * The signature is checked by the Standard Webhooks reference library:
 * HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}`, compared in
 * constant time, timestamps more than 5 minutes off refused.
 * @throws WebhookVerificationError when the webhook must not be trusted.
 * @throws TypeError when a secret is not a `whsec_` base64 secret (a configuration mistake).
 */
export function verifyWebhook(
  payload: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
): WebhookEvent {
  const secrets = typeof secret === "string" ? [secret] : secret;
  if (secrets.length === 0) throw new TypeError("verifyWebhook needs at least one secret");
  const verifiers = secrets.map(referenceVerifier);
  const body = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
  const signed = pickSignatureHeaders(headers);

  let refusal: WebhookVerificationError | undefined;
  for (const verifier of verifiers) {
    try {
      verifier.verify(body, signed, { jsonParse: false });
      return parseEvent(body);
    } catch (error) {
      if (!(error instanceof ReferenceVerificationError)) throw error;
      refusal = translate(error);
      // Headers and timestamp fail the same way under every secret: no point trying the others.
      if (refusal.reason !== "invalid_signature") throw refusal;
    }
  }
  throw refusal ?? new WebhookVerificationError("invalid_signature", "No matching signature");
}

function referenceVerifier(secret: string, index: number): Webhook {
  if (!secret.startsWith("whsec_")) {
    throw new TypeError(`verifyWebhook: secret ${index + 1} does not start with whsec_`);
  }
  try {
    return new Webhook(secret);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new TypeError(
      `verifyWebhook: secret ${index + 1} is not a whsec_ base64 secret (${why})`,
    );
  }
}

function pickSignatureHeaders(headers: WebhookHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  const lowered = new Map<string, string | readonly string[] | undefined>();
  if (headers instanceof Headers) {
    for (const name of signatureHeaders) lowered.set(name, headers.get(name) ?? undefined);
  } else {
    for (const [name, value] of Object.entries(headers)) lowered.set(name.toLowerCase(), value);
  }
  for (const name of signatureHeaders) {
    const value = lowered.get(name);
    // A header sent twice is ambiguous: use neither, so it fails as missing.
    if (typeof value === "string" && value !== "") picked[name] = value;
  }
  return picked;
}

const referenceReasons: Record<string, WebhookVerificationFailure> = {
  "Missing required headers": "missing_headers",
  "Invalid Signature Headers": "invalid_timestamp",
  "Message timestamp too old": "timestamp_too_old",
  "Message timestamp too new": "timestamp_too_new",
  "No matching signature found": "invalid_signature",
};

function translate(error: ReferenceVerificationError): WebhookVerificationError {
  const reason = referenceReasons[error.message] ?? "invalid_signature";
  const messages: Record<WebhookVerificationFailure, string> = {
    missing_headers: "webhook-id, webhook-timestamp and webhook-signature are all required",
    invalid_timestamp: "webhook-timestamp is not a Unix time in seconds",
    timestamp_too_old: "webhook-timestamp is more than 5 minutes old (a replay, or a clock off)",
    timestamp_too_new: "webhook-timestamp is more than 5 minutes in the future",
    invalid_signature:
      "no webhook-signature matches the body under the given secret(s): the body was changed, or the secret is wrong",
    invalid_payload: error.message,
    unknown_event_type: error.message,
  };
  return new WebhookVerificationError(reason, messages[reason]);
}

function parseEvent(body: string): WebhookEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new WebhookVerificationError("invalid_payload", "the signed body is not JSON");
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("type" in parsed) ||
    typeof parsed.type !== "string" ||
    !("timestamp" in parsed) ||
    typeof parsed.timestamp !== "string" ||
    !("data" in parsed) ||
    typeof parsed.data !== "object" ||
    parsed.data === null
  ) {
    throw new WebhookVerificationError(
      "invalid_payload",
      "the signed body is not an event: it needs type, timestamp and data",
    );
  }
  if (!isKnownType(parsed.type)) {
    throw new WebhookVerificationError(
      "unknown_event_type",
      `event type ${parsed.type} is not one this SDK knows (${webhookEventTypes.join(", ")}); upgrade @columnline/worker-sdk`,
    );
  }
  // The signature proves the API sent it; the API's own types describe what it sends.
  return parsed as WebhookEvent;
}

function isKnownType(type: string): type is WebhookEventType {
  return (webhookEventTypes as readonly string[]).includes(type);
}
