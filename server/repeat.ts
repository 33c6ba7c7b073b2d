/**
 * The loop of the server's background workers (webhook deliveries, source polls): a round every `ms`, the next
 * one `ms` after the previous ended (never two at once), an error handed to `onError` and the loop going on. It
 * never keeps the process alive on its own; stop() ends it and waits for the round under way, whose signal says
 * it should stop.
 */

export type Repeating = {
  /** Aborted by stop(): work under way cuts itself short. */
  readonly stopping: AbortSignal;
  stop(): Promise<void>;
};

export function repeatEvery(
  ms: number,
  round: (stopping: AbortSignal) => Promise<void>,
  onError: (error: unknown) => void,
): Repeating {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const schedule = () => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      running = round(stopping.signal)
        .catch(onError)
        .finally(() => {
          running = null;
          schedule();
        });
    }, ms);
    timer.unref();
  };
  schedule();
  return {
    stopping: stopping.signal,
    stop: async () => {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
