import { createServer, type IncomingMessage, type Server } from "node:http";
import { verifyWebhook, type WebhookEvent, WebhookVerificationError } from "@columnline/worker-sdk";

/** Bodies larger than this are refused unread: the API's events are a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What the receiver does with a verified event; `webhookId` is the same on every retry. */
export type EventHandler = (event: WebhookEvent, webhookId: string) => Promise<void> | void;

/**
 * A webhook receiver on node:http: reads the raw body (the signature covers
 * the exact bytes, so never re-serialize parsed JSON), verifies it with the
 * SDK, then hands the typed event on. Answers 2xx only once the handler is
 * done, so the API retries anything that was not handled.
 */
export function createWebhookReceiver(secrets: string[], onEvent: EventHandler): Server {
  return createServer(async (req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    let event: WebhookEvent;
    try {
      event = verifyWebhook(body, req.headers, secrets);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      // Not from the API (or not this endpoint's secret): refuse, and do not act on it.
      res.writeHead(400, { "content-type": "text/plain" }).end(error.reason);
      return;
    }
    try {
      await onEvent(event, String(req.headers["webhook-id"]));
      res.writeHead(204).end();
    } catch {
      // A 5xx makes the API deliver the same event (same webhook-id) again later.
      res.writeHead(500).end();
    }
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
