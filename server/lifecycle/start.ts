import { DataDirLockedError } from "../../db/lock";
import { loadRevocations } from "../../db/queries/sessions";
import { deliveryStore } from "../../db/queries/webhooks";
import { adminTokenLines, provideAdminToken, readConfig } from "../config";
import { closeDatabase, getConnection, getDb } from "../database";
import { installClientStamp } from "../http/client-address";
import { isConnectionError } from "../http/route";
import { setRevocationLoader } from "../http/session-revocations";
import { loggable } from "../log";
import { type Poller, startSourcePoller } from "../sources/poller";
import { startDeliveryWorker, type Worker } from "../webhooks/worker";
import { summarizeRequests, trackHttpRequests } from "./http-drain";

const holder = globalThis as typeof globalThis & { __stancewatchWebhooks?: Worker; __stancewatchSources?: Poller };

/**
 * Sends the webhook outbox in the background, one worker per process. It reaches the database through
 * getDb on every poll, so a PostgreSQL server that comes back later is picked up again.
 */
function startWebhooks() {
  if (holder.__stancewatchWebhooks) return;
  const { webhooks } = readConfig();
  const store = {
    claimDue: async (limit: number, leaseMs: number) => deliveryStore(await getDb()).claimDue(limit, leaseMs),
    record: async (...args: Parameters<ReturnType<typeof deliveryStore>["record"]>) =>
      deliveryStore(await getDb()).record(...args),
  };
  holder.__stancewatchWebhooks = startDeliveryWorker(store, { ...webhooks, log: (m) => console.log(m) });
}

/**
 * Polls the sources' feeds in the background, one poller per process (server/sources/poller.ts), leased in the
 * database so that servers sharing one PostgreSQL take turns.
 */
function startSources() {
  if (holder.__stancewatchSources) return;
  const { sources } = readConfig();
  holder.__stancewatchSources = startSourcePoller({ pollMs: sources.pollMs, db: getDb, log: (m) => console.log(m) });
}

/** The background work of the server: webhook deliveries and source polls. */
function startBackground() {
  startWebhooks();
  startSources();
}

/**
 * The admin token of this process (server/config.ts, provideAdminToken): ADMIN_TOKEN, or on the embedded database
 * the one kept in DATA_DIR/admin-token, made on the first start. One line says where it is, never what it is. A
 * token file that is not a token stops the server, naming the file.
 */
async function settleAdminToken(publicUrl: string): Promise<void> {
  try {
    for (const line of adminTokenLines(provideAdminToken(), publicUrl)) console.log(line);
  } catch (error) {
    console.error(`[stancewatch] ${(error as Error).message}`);
    await closeDatabase().catch(() => {});
    process.exit(1);
  }
}

let closing = false;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests under way finish (up to
 * SHUTDOWN_TIMEOUT_MS), then close the database (PGlite flushes its files, the lock is released) and exit 0.
 * The database stays open until the last request is done, so none of them fails half-way.
 */
function closeOnSignals() {
  const requests = trackHttpRequests();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      const { shutdownTimeoutMs } = readConfig();
      const inFlight = requests.inFlight();
      // Named, so that a request nobody expected (a health check, a slow export) is seen in the log.
      const named = inFlight.length > 0 ? `: ${summarizeRequests(inFlight)}` : "";
      // drain() closes the listening sockets before it returns; the line is printed after, so that whoever reads
      // it (a supervisor, a test) finds new connections refused, not accepted and then reset.
      const drained = requests.drain(shutdownTimeoutMs);
      console.log(`[stancewatch] ${signal}: finishing ${inFlight.length} request(s) in flight${named}`);
      let failed = false;
      drained
        .then(({ waitedMs, unfinished, abandoned }) => {
          if (abandoned.length > 0) {
            // The client went away (or the connection broke) before the answer: the work itself may have finished.
            console.error(
              `[stancewatch] ${abandoned.length} request(s) lost their connection before their answer: ${abandoned.join(", ")}`,
            );
          }
          if (unfinished > 0) {
            console.error(`[stancewatch] ${unfinished} request(s) still running after ${waitedMs} ms were cut off`);
          } else {
            console.log(`[stancewatch] requests finished in ${waitedMs} ms; closing the database`);
          }
        })
        // Deliveries under way finish (or time out) first; the rest stay in the outbox for the next start. A poll
        // under way is cut short; its source is polled again at the next start.
        .then(() => Promise.all([holder.__stancewatchWebhooks?.stop(), holder.__stancewatchSources?.stop()]))
        .then(() => closeDatabase())
        .then(() => console.log("[stancewatch] database closed"))
        .catch((error) => {
          failed = true;
          console.error("[stancewatch] closing the database failed:", error);
        })
        // A supervisor sees a failed close in the exit code.
        .finally(() => process.exit(failed ? 1 : 0));
    });
  }
}

/**
 * Opens the database, applies migrations and loads the sample data before the first request. A data folder
 * held by another process stops this one at once, with a message naming the holder.
 */
export async function startServer(): Promise<void> {
  // `npm start` sets NEXT_MANUAL_SIG_HANDLE so that Next leaves the signals to us (not possible in `next dev`).
  if (process.env.NEXT_MANUAL_SIG_HANDLE) closeOnSignals();
  // A bad setting (a token too short to be a secret, say) stops the server here, naming the variable.
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    console.error(`[stancewatch] ${(error as Error).message}`);
    process.exit(1);
  }
  // The write rate limit counts per client: the address is taken from the socket (see server/http/client-address).
  installClientStamp(config.trustProxy);
  // Sessions signed out on the server, read from the database before a request checks a cookie.
  setRevocationLoader(async () => loadRevocations(await getDb()));
  const started = Date.now();
  try {
    const conn = await getConnection();
    const what = conn.driver === "pglite" ? "embedded database" : "PostgreSQL";
    console.log(`[stancewatch] ${what} ready in ${Date.now() - started} ms`);
    // Once the data folder's lock is ours: a server stopped by the lock leaves no token in a folder it does not hold.
    await settleAdminToken(config.publicUrl);
    startBackground();
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`[stancewatch] ${error.message}`);
      process.exit(1);
    }
    if (process.env.DATABASE_URL && isConnectionError(error)) {
      // A PostgreSQL server that is down at start-up is not fatal: the API answers 503 and retries per request.
      console.error(
        `[stancewatch] PostgreSQL is not reachable yet (${(error as Error).message}); retrying on each request`,
      );
      startBackground();
      return;
    }
    console.error(`[stancewatch] could not open the database: ${loggable(error)}`);
    process.exit(1);
  }
}
