import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Requests the server makes on a user's say-so (webhook deliveries, later feed sources) never reach this machine
 * or a private network: every address a URL names or resolves to must be public unicast, checked when the URL is
 * registered and again when the request is made, and the connection goes to the address that was checked (the
 * check is the socket's own DNS lookup, so a name cannot resolve to a public address for the check and a private
 * one for the connection). Redirects are not followed. `ALLOW_PRIVATE_URLS=1` lifts the rule (tests, LAN receivers).
 */

export function privateUrlsAllowed(): boolean {
  return process.env.ALLOW_PRIVATE_URLS === "1";
}

/** Why this address may not be reached (its range: loopback, private, linkLocal ...), or null for a public one. */
export function addressProblem(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let ip = ipaddr.parse(address);
  // ::ffff:127.0.0.1 and the like are the IPv4 address they carry.
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === "unicast" ? null : range;
}

/** Names that mean this machine whatever DNS says. */
function isLocalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

/** The URL's host as a bare name or address (an IPv6 literal without its brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Refuses a host that is an address, or a name, that is not public; a name is resolved later, by the lookup. */
function checkLiteral(host: string): void {
  if (isLocalName(host)) throw new OutboundRefused(`${host} is this machine`);
  if (net.isIP(host)) {
    const problem = addressProblem(host);
    if (problem) throw new OutboundRefused(`${host} is a ${problem} address`);
  }
}

function resolveAll(host: string): Promise<dns.LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dns.lookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/**
 * Why a URL may not be registered, or null. The URL parser has already turned other spellings of an address
 * (2130706433, 0x7f000001, 0177.0.0.1) into the dotted one. A name that does not resolve now is accepted: it is
 * checked again, resolved, at each request.
 */
export async function outboundUrlProblem(raw: string): Promise<string | null> {
  if (privateUrlsAllowed()) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "it is not a URL";
  }
  const host = hostOf(url);
  try {
    checkLiteral(host);
    if (net.isIP(host)) return null;
    const addresses = await resolveAll(host).catch(() => []);
    const bad = addresses.find((a) => addressProblem(a.address));
    if (bad) return `${host} resolves to ${bad.address}, a ${addressProblem(bad.address)} address`;
    return null;
  } catch (error) {
    if (error instanceof OutboundRefused) return error.message;
    throw error;
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** The socket's DNS lookup: every address the name resolves to must be public, and one of those is connected to. */
function guardedLookup(host: string, options: dns.LookupOptions, callback: LookupCallback): void {
  resolveAll(host).then(
    (addresses) => {
      const bad = addresses.find((a) => addressProblem(a.address));
      if (bad && !privateUrlsAllowed()) {
        const error: NodeJS.ErrnoException = new OutboundRefused(
          `${host} resolves to ${bad.address}, a ${addressProblem(bad.address)} address: refused`,
        );
        error.code = "EPRIVATEADDRESS";
        callback(error, "");
        return;
      }
      const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
      const first = usable[0];
      if (!first) {
        const error: NodeJS.ErrnoException = new Error(`${host} has no address`);
        error.code = "ENOTFOUND";
        callback(error, "");
      } else if (options.all) callback(null, usable);
      else callback(null, first.address, first.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, ""),
  );
}

/** What a receiver answered: its status and the start of its body, as text that can be stored anywhere. */
export type OutboundAnswer = { status: number; text: string };

/**
 * Text safe to store in PostgreSQL text and jsonb: invalid UTF-8 already decoded to U+FFFD, then NUL and the
 * other control characters (but tab and line breaks) and lone surrogates replaced.
 */
export function storableText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    const paired = high && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (paired) {
      out += text.slice(i, i + 2);
      i++;
    } else out += control || high || low ? "\uFFFD" : text[i];
  }
  return out;
}

/**
 * POSTs a body to a URL under the rules above and reads at most `maxBytes` of the answer. Rejects (with the
 * reason) when the address is refused, the connection fails or the signal aborts.
 */
export function postGuarded(
  raw: string,
  init: { headers: Record<string, string>; body: string; signal?: AbortSignal; maxBytes?: number },
): Promise<OutboundAnswer> {
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new OutboundRefused(`${url.protocol} is not http or https`));
  }
  try {
    if (!privateUrlsAllowed()) checkLiteral(hostOf(url));
  } catch (error) {
    return Promise.reject(error);
  }
  const maxBytes = init.maxBytes ?? 500;
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
        signal: init.signal,
        lookup: guardedLookup as unknown as net.LookupFunction,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          response.destroy();
          const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks).subarray(0, maxBytes));
          resolve({ status: response.statusCode ?? 0, text: storableText(text) });
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBytes) done();
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}
