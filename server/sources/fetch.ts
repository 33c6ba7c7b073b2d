import type http from "node:http";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import packageJson from "../../package.json";
import { readConfig } from "../config";
import { getGuarded, OutboundRefused, storableText, TooManyRedirects } from "../net/outbound";

/**
 * Fetching the feeds of sources and their articles' pages: a GET under the SSRF rules of `server/net/outbound.ts`
 * (redirects followed, each hop checked), conditional when the caller has an ETag or a date, with a timeout, a size
 * cap, the body decoded by its charset, and at most `PER_HOST` requests at a time to one host so that a source's
 * many articles never hammer its site.
 */

/**
 * Where the operators of the sites we read can learn who reads them: the instance's PUBLIC_URL, else the project's
 * homepage (package.json) when it has one, else the address the configuration defaults to.
 */
function readerUrl(): string {
  const homepage = (packageJson as { homepage?: string }).homepage;
  if (homepage && !process.env.PUBLIC_URL?.trim()) return homepage;
  try {
    return readConfig().publicUrl;
  } catch {
    // A configuration error stops the server at start with its own message; the header must not fail first.
    return "http://localhost:3000";
  }
}

export const USER_AGENT = `Stancewatch/${packageJson.version} (+${readerUrl()}; feed reader)`;

/** What `fetchText` asks for unless told: pages and feeds alike. */
const DEFAULT_ACCEPT = "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8";

/** What a feed reader asks for: the feed formats first, then pages (to say that a page is not a feed). */
export const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.3";

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** Requests at a time to one host; the others wait their turn. */
const PER_HOST = 2;

export type FetchOutcome = {
  status: number;
  /** "" when notModified. */
  body: string;
  contentType: string | null;
  /** On a 304 without its own ETag, the one that was sent. */
  etag: string | null;
  lastModified: string | null;
  notModified: boolean;
  /** The URL that answered, after redirects: relative links resolve against it. */
  url: string;
};

/** A fetch that gave no usable answer; the message is for users (a source's last error). */
export class FetchFailed extends Error {
  /** The HTTP status of an answer that was not 2xx or 304; null when there was no answer. */
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.name = "FetchFailed";
    this.status = status;
  }
}

type Slots = { running: number; waiting: (() => void)[] };
const hosts = new Map<string, Slots>();

/** Waits for one of the host's slots; answers the function that gives it back. */
function takeSlot(host: string, signal: AbortSignal | undefined): Promise<() => void> {
  let slots = hosts.get(host);
  if (!slots) {
    slots = { running: 0, waiting: [] };
    hosts.set(host, slots);
  }
  const own = slots;
  let given = false;
  const giveBack = () => {
    if (given) return;
    given = true;
    own.running--;
    const next = own.waiting.shift();
    if (next) next();
    else if (own.running === 0) hosts.delete(host);
  };
  if (own.running < PER_HOST) {
    own.running++;
    return Promise.resolve(giveBack);
  }
  return new Promise((resolve, reject) => {
    const start = () => {
      signal?.removeEventListener("abort", cancel);
      own.running++;
      resolve(giveBack);
    };
    const cancel = () => {
      own.waiting.splice(own.waiting.indexOf(start), 1);
      if (own.running === 0 && own.waiting.length === 0) hosts.delete(host);
      reject(new FetchFailed(`the request to ${host} was cancelled`));
    };
    if (signal?.aborted) return cancel();
    own.waiting.push(start);
    signal?.addEventListener("abort", cancel, { once: true });
  });
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** The body as it was sent, uncompressed, refused past `maxBytes` (counted after decompression: no zip bombs). */
async function readBody(response: http.IncomingMessage, maxBytes: number, host: string): Promise<Buffer> {
  const tooLarge = () => new FetchFailed(`the answer from ${host} is over ${size(maxBytes)}`);
  const encoding = String(response.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  const declared = Number(response.headers["content-length"]);
  if (!encoding && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const unzip =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip()
      : encoding === "deflate"
        ? zlib.createInflate()
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : null;
  const stream: Readable = unzip ? pipeline(response, unzip, () => {}) : response;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      response.destroy();
      unzip?.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The body's character set: the Content-Type's, else a byte-order mark, else what an XML declaration or an HTML
 * <meta> says in the first bytes (older ministries' sites in windows-1251 often say it only there), else UTF-8.
 */
function charsetOf(contentType: string | null, bytes: Buffer): string {
  const declared = /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  if (declared) return declared;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const head = bytes.subarray(0, 2048).toString("latin1");
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const meta = /<meta\b[^>]*\bcharset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return xml ?? meta ?? "utf-8";
}

function decode(bytes: Buffer, contentType: string | null): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charsetOf(contentType, bytes));
  } catch {
    // A label TextDecoder does not know (a typo, a vendor's name): UTF-8, with U+FFFD where it does not fit.
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

/** Any error of a fetch as a FetchFailed whose message says what went wrong in words. */
function failure(error: unknown, host: string, timedOut: boolean, timeoutMs: number): FetchFailed {
  if (error instanceof FetchFailed) return error;
  if (timedOut) return new FetchFailed(`no answer from ${host} within ${Number((timeoutMs / 1000).toFixed(1))} s`);
  if (error instanceof TooManyRedirects) return new FetchFailed(error.message);
  if (error instanceof OutboundRefused) {
    // The protocol of a redirect's target, or an address that is not public: only the latter can be allowed.
    if (/is not http or https/.test(error.message)) return new FetchFailed(`refused: ${error.message}`);
    const reason = error.message.replace(/: refused$/, "");
    return new FetchFailed(`${reason}: refused (set ALLOW_PRIVATE_URLS=1 to allow private addresses)`);
  }
  const e = error as NodeJS.ErrnoException;
  if (e?.name === "AbortError") return new FetchFailed(`the request to ${host} was cancelled`);
  const code = e?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new FetchFailed(`${host} could not be found (DNS: ${code})`);
  if (code === "ECONNREFUSED") return new FetchFailed(`${host} refused the connection`);
  if (code === "ECONNRESET" || code === "EPIPE") return new FetchFailed(`${host} closed the connection`);
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    return new FetchFailed(`${host} cannot be reached (${code})`);
  }
  if (/CERT|TLS|SSL/.test(code)) return new FetchFailed(`${host}'s TLS certificate is not accepted (${code})`);
  return new FetchFailed(`${host}: ${e?.message ?? String(error)}`);
}

function header(response: http.IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/**
 * GETs a feed or a page as text. Resolves with the answer when it is 2xx, or 304 (`notModified`, body "") to a
 * conditional request; rejects with a FetchFailed otherwise: not a URL, an address refused, no answer within
 * `timeoutMs` (15 s, the whole request), a body over `maxBytes` (5 MB), a status that is not 2xx (status set),
 * more than 5 redirects. The time a request waits for its host's turn does not count against the timeout; the
 * signal cancels both.
 */
export async function fetchText(
  url: string,
  options: {
    etag?: string | null;
    lastModified?: string | null;
    accept?: string;
    maxBytes?: number;
    timeoutMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<FetchOutcome> {
  if (!URL.canParse(url)) throw new FetchFailed(`${url} is not a URL`);
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const giveBack = await takeSlot(target.hostname.toLowerCase(), options.signal);
  const timeout = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort();
  }, timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  let host = target.host;
  try {
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      accept: options.accept ?? DEFAULT_ACCEPT,
      "accept-encoding": "gzip, deflate, br",
    };
    if (options.etag) headers["if-none-match"] = options.etag;
    if (options.lastModified) headers["if-modified-since"] = options.lastModified;
    const { response, url: answered } = await getGuarded(url, { headers, signal });
    host = new URL(answered).host;
    const status = response.statusCode ?? 0;
    const contentType = header(response, "content-type");
    const meta = { status, contentType, lastModified: header(response, "last-modified"), url: answered };
    if (status === 304) {
      response.destroy();
      const etag = header(response, "etag") ?? options.etag ?? null;
      return { ...meta, etag, body: "", notModified: true };
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FetchFailed(`HTTP ${status} from ${host}`, status);
    }
    // The timer also ends a body that trickles in: the aborted request destroys the response.
    const bytes = await readBody(response, maxBytes, host);
    const body = storableText(decode(bytes, contentType));
    return { ...meta, etag: header(response, "etag"), body, notModified: false };
  } catch (error) {
    throw failure(error, host, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
    giveBack();
  }
}
