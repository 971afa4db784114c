import { BlockList, isIP } from "node:net";

/**
 * Which network addresses a webhook may reach (SSRF safety). Always refused: unspecified
 * (0.0.0.0/8, ::), link-local (169.254/16 with cloud metadata, fe80::/10), multicast,
 * broadcast and reserved ranges, documentation and benchmarking ranges, NAT64 and 6to4
 * prefixes that can hide any IPv4 address. Refused unless WEBHOOK_ALLOW_PRIVATE=1: loopback
 * (127/8, ::1), private (10/8, 172.16/12, 192.168/16), CGNAT (100.64/10), unique-local (fc00::/7).
 */
const alwaysRefused = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["169.254.0.0", 16],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  alwaysRefused.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
  ["2001::", 32],
] as const) {
  alwaysRefused.addSubnet(network, prefix, "ipv6");
}

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["127.0.0.0", 8],
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["100.64.0.0", 10],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
privateRanges.addAddress("::1", "ipv6");
privateRanges.addSubnet("fc00::", 7, "ipv6");

/** ::ffff:a.b.c.d (or its hex form) → a.b.c.d; other addresses unchanged. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return address;
}

export type AddressClass = "public" | "private" | "refused";

/** How the policy sees an IP address (an IPv4-mapped IPv6 address as its IPv4 one). */
export function classifyAddress(address: string): AddressClass {
  const plain = unmapped(address.replace(/^\[|\]$/g, ""));
  const family = isIP(plain);
  if (family === 0) return "refused";
  const type = family === 4 ? "ipv4" : "ipv6";
  if (alwaysRefused.check(plain, type)) return "refused";
  if (privateRanges.check(plain, type)) return "private";
  return "public";
}

/**
 * Why `address` may not be reached by a `protocol` URL, or null when it may: https to public
 * addresses always; private/loopback (http or https) only with allowPrivate.
 */
export function addressRefusal(
  address: string,
  protocol: string,
  allowPrivate: boolean,
): string | null {
  const kind = classifyAddress(address);
  if (kind === "refused") return `${address} is a link-local, multicast or reserved address`;
  if (kind === "private") {
    return allowPrivate
      ? null
      : `${address} is a private or loopback address (allowed only with WEBHOOK_ALLOW_PRIVATE=1)`;
  }
  return protocol === "https:"
    ? null
    : `plain http is allowed only to private or loopback addresses`;
}

/** The rule as the API documents it, quoted in the url field's description and in errors. */
export const URL_RULE =
  "Must be https to a public host; http, and private, loopback or link-local addresses, are refused unless WEBHOOK_ALLOW_PRIVATE";

/**
 * Why a URL cannot be registered, or null. Without DNS (the name is resolved, and checked
 * again, at every delivery): the scheme, credentials, `localhost` names and literal addresses.
 */
export function urlRefusal(text: string, allowPrivate: boolean): string | null {
  if (!URL.canParse(text)) return "must be an absolute URL";
  const url = new URL(text);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  if (url.protocol === "http:" && !allowPrivate) {
    return "must be https (plain http only to private addresses with WEBHOOK_ALLOW_PRIVATE=1)";
  }
  if (url.username || url.password) return "must not carry credentials";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(host) !== 0) return addressRefusal(host, url.protocol, allowPrivate);
  if ((host === "localhost" || host.endsWith(".localhost")) && !allowPrivate) {
    return "localhost is a loopback address (allowed only with WEBHOOK_ALLOW_PRIVATE=1)";
  }
  return null;
}
