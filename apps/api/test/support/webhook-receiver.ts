import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** What the receiver does with the n-th request (0-based): answer, or never answer. */
export type ReceiverBehaviour = (index: number, res: ServerResponse) => void;

export const answer =
  (status: number, headers: Record<string, string> = {}, body = "ok"): ReceiverBehaviour =>
  (_index, res) => {
    res.writeHead(status, headers).end(body);
  };

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Requests that arrived and were never answered (a hanging receiver). */
  open: number;
  behave(behaviour: ReceiverBehaviour): void;
  close(): Promise<void>;
}

/** A local webhook receiver on 127.0.0.1 recording every request it gets. */
export async function startReceiver(
  behaviour: ReceiverBehaviour = answer(200),
): Promise<WebhookReceiver> {
  let current = behaviour;
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: "",
    port: 0,
    received: [],
    open: 0,
    behave(next) {
      current = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const index = receiver.received.length;
      receiver.received.push({ headers: req.headers, body, json: JSON.parse(body) });
      receiver.open += 1;
      hanging.add(res);
      res.on("finish", () => {
        receiver.open -= 1;
        hanging.delete(res);
      });
      current(index, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
