import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import ipaddr from "ipaddr.js";

/**
 * Requests the server makes on a user's say-so (webhook deliveries, feed sources) never reach this machine or a
 * private network: every address a URL names or resolves to must be public unicast, checked when the URL is
 * registered and again when the request is made, and the connection goes to the address that was checked (the
 * check is the socket's own DNS lookup, so a name cannot resolve to a public address for the check and a private
 * one for the connection). A POST follows no redirect; a GET (feeds and their articles) follows a few, each hop
 * checked like the first. `ALLOW_PRIVATE_URLS=1` lifts the rule (tests, LAN receivers).
 */

export function privateUrlsAllowed(): boolean {
  return process.env.ALLOW_PRIVATE_URLS === "1";
}

/**
 * The IPv4 address an IPv6 one carries, where it does: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d, which
 * `new URL` writes as ::7f00:1), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  if (ip.isIPv4MappedAddress()) return ip.toIPv4Address();
  const zeros = (n: number) => p.slice(0, n).every((w) => w === 0);
  // ::/96 but :: and ::1 themselves (unspecified and loopback in their own right).
  if (zeros(6) && ((p[6] as number) !== 0 || (p[7] as number) > 1)) return fromWords(p[6] as number, p[7] as number);
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((w) => w === 0)) {
    return fromWords(p[6] as number, p[7] as number);
  }
  if (p[0] === 0x2002) return fromWords(p[1] as number, p[2] as number);
  return null;
}

/** This machine's own addresses (every interface): reaching one of them is reaching this machine. */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) own.add(ipaddr.process(a.address.split("%")[0] as string).toString());
  }
  return own;
}

/** Why this address may not be reached (its range: loopback, private, linkLocal ...), or null for a public one. */
export function addressProblem(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  const parsed = ipaddr.parse(address);
  const ip = parsed.kind() === "ipv6" ? (embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed) : parsed;
  const range = ip.range();
  if (range !== "unicast") return range;
  return ownAddresses().has(ip.toString()) ? OWN : null;
}

const OWN = "own";

/** An address's problem in words: "a loopback address", "one of this machine's addresses". */
function described(problem: string): string {
  return problem === OWN ? "one of this machine's addresses" : `a ${problem} address`;
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
    if (problem) throw new OutboundRefused(`${host} is ${described(problem)}`);
  }
}

function resolveAll(host: string, timeoutMs = 5000): Promise<dns.LookupAddress[]> {
  return new Promise((resolve, reject) => {
    // A resolver that does not answer is a name that does not resolve, not a request that hangs.
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`${host}: no DNS answer`), { code: "EAI_AGAIN" })),
      timeoutMs,
    );
    dns.lookup(host, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });
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
    if (bad) return `${host} resolves to ${bad.address}, ${described(addressProblem(bad.address) as string)}`;
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
          `${host} resolves to ${bad.address}, ${described(addressProblem(bad.address) as string)}: refused`,
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

/** How long the start of an answer's body is waited for, once its status has come. */
const BODY_READ_MS = 1000;

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

/** A request under the rules above: the response, for the caller to read or destroy. */
function openGuarded(
  url: URL,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<http.IncomingMessage> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new OutboundRefused(`${url.protocol} is not http or https`));
  }
  try {
    if (!privateUrlsAllowed()) checkLiteral(hostOf(url));
  } catch (error) {
    return Promise.reject(error);
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: init.method,
        headers: init.headers,
        signal: init.signal,
        lookup: guardedLookup as unknown as net.LookupFunction,
      },
      resolve,
    );
    // Once the response has come, an error of the request reaches the caller through the response's own events.
    request.on("error", reject);
    request.end(init.body);
  });
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
  const maxBytes = init.maxBytes ?? 500;
  const headers = { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) };
  return openGuarded(url, { method: "POST", headers, body: init.body, signal: init.signal }).then(
    (response) =>
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let finished = false;
        // The status is the answer: the start of the body is read for the log, for a moment at most, so a
        // receiver that answers 200 and then trickles its body is still a delivery.
        const done = () => {
          if (finished) return;
          finished = true;
          clearTimeout(bodyTimer);
          response.destroy();
          const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks).subarray(0, maxBytes));
          resolve({ status: response.statusCode ?? 0, text: storableText(text) });
        };
        const bodyTimer = setTimeout(done, BODY_READ_MS);
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBytes) done();
        });
        response.on("end", done);
        response.on("error", done);
        response.on("close", done);
      }),
  );
}

/** Redirects a GET follows at most (many sites send http to https, or an old path to its canonical one). */
export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Raised when a GET is sent on from redirect to redirect more than `MAX_REDIRECTS` times. */
export class TooManyRedirects extends Error {
  constructor(from: URL) {
    super(`more than ${MAX_REDIRECTS} redirects from ${from.host}`);
    this.name = "TooManyRedirects";
  }
}

/**
 * GETs a URL under the rules above, following redirects (at most `MAX_REDIRECTS`): each hop's address is checked
 * like the first. Answers the response (its body unread, for the caller to read or destroy) and the URL that gave it.
 */
export async function getGuarded(
  raw: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
): Promise<{ response: http.IncomingMessage; url: string }> {
  const first = new URL(raw);
  let url = first;
  for (let hop = 0; ; hop++) {
    const response = await openGuarded(url, { method: "GET", headers: init.headers, signal: init.signal });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return { response, url: url.href };
    response.destroy();
    if (hop >= MAX_REDIRECTS) throw new TooManyRedirects(first);
    url = new URL(location, url);
  }
}
