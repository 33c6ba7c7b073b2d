import ipaddr from "ipaddr.js";
import { ApiError } from "../../contracts/errors";
import { CLIENT_HEADER } from "./client-address";

/**
 * Failed sign-ins, counted per client network and overall, in memory (per instance). A client that has failed
 * FREE_FAILURES times in a row waits before each further try, twice as long each time (up to MAX_WAIT_MS); past
 * GLOBAL_FAILURES_PER_MIN failures in a minute from everyone, every client waits for the minute to pass. A right
 * token clears the client's count. Guessing a 16-character token is out of reach either way; this keeps a
 * scripted guesser from loading the server and the logs.
 */

export const FREE_FAILURES = 5;
export const MAX_WAIT_MS = 15 * 60_000;
export const GLOBAL_FAILURES_PER_MIN = 60;

type Client = { failures: number; lastAt: number };

export class SignInLimiter {
  private readonly clients = new Map<string, Client>();
  private recent: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Milliseconds this client must still wait before its next try (0: it may try now). The overall limit holds back
   * only networks that have failed lately: a flood of wrong tokens from elsewhere never locks the analyst out.
   */
  waitMs(network: string): number {
    const now = this.now();
    this.recent = this.recent.filter((t) => now - t < 60_000);
    const client = this.clients.get(network);
    const failedLately = client !== undefined && now - client.lastAt < MAX_WAIT_MS;
    const overall =
      failedLately && this.recent.length >= GLOBAL_FAILURES_PER_MIN ? 60_000 - (now - (this.recent[0] as number)) : 0;
    const own =
      client && client.failures >= FREE_FAILURES
        ? Math.min(MAX_WAIT_MS, 1000 * 2 ** (client.failures - FREE_FAILURES)) - (now - client.lastAt)
        : 0;
    return Math.max(0, overall, own);
  }

  /** A wrong token: counts against the client and overall; returns the client's failures in a row. */
  failed(network: string): number {
    const now = this.now();
    const client = this.clients.get(network) ?? { failures: 0, lastAt: now };
    client.failures++;
    client.lastAt = now;
    this.clients.delete(network);
    this.clients.set(network, client);
    // Bounded memory: the clients not seen for the longest are forgotten first.
    if (this.clients.size > 50_000) this.clients.delete(this.clients.keys().next().value as string);
    this.recent.push(now);
    return client.failures;
  }

  succeeded(network: string): void {
    this.clients.delete(network);
  }
}

/** The network a client is counted as: an IPv4 address itself, an IPv6 address its /64 (one subscriber's block). */
export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.parse(address);
  if (ip.kind() === "ipv4") return ip.toString();
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(":")}::/64`;
}

const holder = globalThis as typeof globalThis & { __stancewatchSignIns?: SignInLimiter };

export function signInLimiter(): SignInLimiter {
  holder.__stancewatchSignIns ??= new SignInLimiter();
  return holder.__stancewatchSignIns;
}

/** The network a request comes from, as the server stamped it (server/http/client-address.ts). */
export function requestNetwork(request: Request): string {
  return clientNetwork(request.headers.get(CLIENT_HEADER) || "unknown");
}

/** A wrong token at sign-in: counted against the client, and logged with its network, never the token. */
export function noteWrongToken(request: Request, where: string): void {
  const network = requestNetwork(request);
  const inARow = signInLimiter().failed(network);
  console.warn(`[auth] wrong token ${where} from ${network} (${inARow} in a row)`);
}

/**
 * A wrong Bearer token: logged, not counted here. A script's requests are bounded by the per-client read and
 * write rates; holding back a network's Bearer requests after wrong ones would also hold back the right token
 * of whoever shares the network.
 */
export function logWrongBearer(request: Request): void {
  console.warn(`[auth] wrong Bearer token from ${requestNetwork(request)}`);
}

/** 429 with Retry-After while this client (or everyone) must wait. */
export function assertMayTrySignIn(limiter: SignInLimiter, network: string): void {
  const wait = limiter.waitMs(network);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new ApiError("rate_limited", `Too many wrong tokens: try again in ${seconds} s`, {
      headers: { "retry-after": String(seconds) },
    });
  }
}
