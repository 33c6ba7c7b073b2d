import type { Database } from "@/db/client";
import { claimDueSource, type PollableSource } from "@/db/queries/sources";
import { loggable } from "@/server/log";
import { repeatEvery } from "@/server/repeat";
import { POLL_LEASE_MS, pollSource } from "./poll";

/**
 * The background poller: every `pollMs` it takes the source that has been due longest (its lease in the database,
 * so that another server on the same PostgreSQL skips it), polls it, and goes on to the next due one until none
 * is due. One poll at a time per process; an error is logged and the poller goes on; it never keeps the process
 * alive, and stop() waits for the poll under way (its fetches cut short) so the database can close after it.
 */

export type PollerOptions = {
  pollMs: number;
  /** The process's database, asked for on every round (a PostgreSQL server that comes back is picked up). */
  db: () => Promise<Database>;
  log?: (message: string) => void;
  /** How one source is polled: pollSource unless a test gives another. */
  poll?: (db: Database, source: PollableSource, signal: AbortSignal) => Promise<unknown>;
  leaseMs?: number;
};

export type Poller = { stop(): Promise<void> };

export function startSourcePoller(options: PollerOptions): Poller {
  const log = options.log ?? (() => {});
  const poll =
    options.poll ??
    ((db: Database, source: PollableSource, signal: AbortSignal) => pollSource(db, source, { signal, log }));

  const round = async (stopping: AbortSignal) => {
    const db = await options.db();
    while (!stopping.aborted) {
      const source = await claimDueSource(db, options.leaseMs ?? POLL_LEASE_MS);
      if (!source) return;
      try {
        await poll(db, source, stopping);
      } catch (error) {
        log(`[sources] the poll of source ${source.id} (${source.name}) failed: ${loggable(error)}`);
      }
    }
  };

  const loop = repeatEvery(options.pollMs, round, (error) =>
    log(`[sources] the poller hit an error: ${loggable(error)}`),
  );
  return { stop: () => loop.stop() };
}
