import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the proxy does with one request:
 * - "forward": pass it to the API and its answer back;
 * - "hang": never answer (a stalled server);
 * - { status, ... }: answer that status instead; with `afterForwarding`, only once the
 *   API has done the work (the API's answer is lost on the way back);
 * - { reset: true, ... }: cut the connection, again optionally after forwarding.
 */
export type ProxyAction =
  | "forward"
  | "hang"
  | { status: number; body: string; contentType: string; afterForwarding?: boolean }
  | { reset: true; afterForwarding?: boolean };

export interface SeenRequest {
  method: string;
  path: string;
}

export interface FlakyProxy {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A proxy in front of the API that answers the nth request as `plan(n)` says (n from 0). */
export async function startFlakyProxy(
  targetUrl: string,
  plan: (index: number, request: SeenRequest) => ProxyAction,
): Promise<FlakyProxy> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const seen = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] ?? "/" };
    const action = plan(requests.length, seen);
    requests.push(seen);
    const body = await readBody(req);
    if (action === "hang") return;
    const forward = () =>
      fetch(`${targetUrl}${req.url}`, {
        method: req.method ?? "GET",
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(
            (entry): entry is [string, string] =>
              typeof entry[1] === "string" && entry[0] !== "host",
          ),
        ),
        ...(body.length > 0 ? { body } : {}),
      });
    if (action === "forward") {
      const answer = await forward();
      res.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "text/plain",
      });
      res.end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    if (action.afterForwarding) await (await forward()).arrayBuffer();
    if ("reset" in action) {
      req.socket.destroy();
      return;
    }
    res.writeHead(action.status, { "content-type": action.contentType });
    res.end(action.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The answers a load balancer or the API gives when it cannot serve. */
export const gatewayUnavailable = {
  status: 503,
  body: "Service Unavailable",
  contentType: "text/plain",
} as const;

export const apiUnavailable = {
  status: 503,
  // The shape of the API's own 503 (the database does not answer), as tRPC sends it.
  body: JSON.stringify({
    error: {
      message: "The database does not answer",
      code: -32603,
      data: {
        code: "SERVICE_UNAVAILABLE",
        httpStatus: 503,
        domainCode: "UNAVAILABLE",
        issues: null,
      },
    },
  }),
  contentType: "application/json",
} as const;

export const tooManyRequests = {
  status: 429,
  body: JSON.stringify({ code: "RATE_LIMITED", message: "Slow down" }),
  contentType: "application/json",
} as const;
