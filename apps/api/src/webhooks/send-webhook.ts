import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { addressRefusal } from "./address-policy";

/** A name's addresses (dns.lookup with all: true); tests inject their own. */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** At most this many bytes of the response body are read and kept. */
  maxBodyBytes: number;
  resolve: Resolve;
  userAgent: string;
}

export interface AttemptResult {
  succeeded: boolean;
  responseCode: number | null;
  error: string | null;
  responseBody: string | null;
}

export interface SignedMessage {
  url: string;
  /** The event id: the same webhook-id on every attempt. */
  id: string;
  body: string;
  /** The current secret first; a rotated-out one still inside its overlap after it. */
  secrets: string[];
  at: Date;
}

/** One signature per secret, space-separated, as the spec allows during a rotation. */
export function signatureHeader(message: SignedMessage): string {
  return message.secrets
    .map((secret) => new Webhook(secret).sign(message.id, message.at, message.body))
    .join(" ");
}

/** The address to connect to: resolved once, checked, and then used (no second lookup). */
async function checkedAddress(url: URL, options: SendOptions): Promise<string> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses =
    isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await options.resolve(host);
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, url.protocol, options.allowPrivate);
    if (refusal) throw new Error(`refused: ${host} resolves to ${refusal}`);
  }
  return (addresses[0] as { address: string }).address;
}

function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    response.on("data", (chunk: Buffer) => {
      if (kept < maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - kept));
        kept += Math.min(chunk.length, maxBytes - kept);
      }
      // Past the cap the socket is closed: a huge body costs neither memory nor time.
      if (kept >= maxBytes) response.destroy();
    });
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/**
 * One delivery attempt: a signed POST to the checked address with the URL's host name for
 * Host and TLS, answered within timeoutMs. 2xx succeeds; anything else (3xx too: redirects are
 * never followed) fails with its code; no answer fails with the reason.
 */
export async function sendWebhook(
  message: SignedMessage,
  options: SendOptions,
): Promise<AttemptResult> {
  const url = new URL(message.url);
  let address: string;
  try {
    address = await checkedAddress(url, options);
  } catch (error) {
    return {
      succeeded: false,
      responseCode: null,
      error: (error as Error).message,
      responseBody: null,
    };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const body = Buffer.from(message.body);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    const req = send({
      host: address,
      port: url.port || (url.protocol === "https:" ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      // The certificate is checked against the URL's name, not the address connected to.
      ...(url.protocol === "https:" && isIP(host) === 0 ? { servername: host } : {}),
      headers: {
        host: url.host,
        "content-type": "application/json",
        "content-length": body.length,
        "user-agent": options.userAgent,
        "webhook-id": message.id,
        "webhook-timestamp": String(Math.floor(message.at.getTime() / 1000)),
        "webhook-signature": signatureHeader(message),
      },
      timeout: options.timeoutMs,
    });
    // Connect, answer and body together must fit the timeout.
    const deadline = setTimeout(
      () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    req.on("error", (error) => {
      clearTimeout(deadline);
      resolve({ succeeded: false, responseCode: null, error: error.message, responseBody: null });
    });
    req.on("response", async (response) => {
      const text = await readCapped(response, options.maxBodyBytes);
      clearTimeout(deadline);
      const code = response.statusCode ?? 0;
      const succeeded = code >= 200 && code < 300;
      const location = response.headers.location;
      resolve({
        succeeded,
        responseCode: code,
        error: succeeded
          ? null
          : code >= 300 && code < 400
            ? `redirect to ${location ?? "(no location)"} not followed`
            : `HTTP ${code}`,
        responseBody: text,
      });
    });
    req.end(body);
  });
}
