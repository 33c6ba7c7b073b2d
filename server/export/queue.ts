import "server-only";
import { ApiError } from "../../contracts/errors";
import { readConfig } from "../config";

/**
 * The turns of chart-image exports (SVG and PNG): at most `running` drawn at once and `waiting` more in line, first
 * come first served; past both, the export is refused at once with 503 and a Retry-After, so a burst of exports
 * costs the server a fixed amount of work and memory, and the rest of the app (health, the dashboard's reads) keeps
 * answering. A turn covers the export's queries as well as its drawing: PGlite runs one query at a time, and forty
 * exports querying at once would hold every other read behind them.
 */
export class RenderQueue {
  private active = 0;
  private readonly line: (() => void)[] = [];
  /** A running mean of how long a turn takes, for the Retry-After of a refusal (a second until one is timed). */
  private meanMs = 1000;

  constructor(
    readonly running: number,
    readonly waiting: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  /** Turns in progress and in line. */
  get load(): { running: number; waiting: number } {
    return { running: this.active, waiting: this.line.length };
  }

  /**
   * Runs `task` in its turn and returns what it returns; the turn is given back however the task ends. Throws
   * ApiError("unavailable") without running it when the line is full, or when `signal` aborts while it waits
   * (the client has gone: its place goes to the next in line, and the answer to nobody).
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active < this.running) this.active++;
    else if (this.line.length < this.waiting) await this.wait(signal);
    else throw this.refusal();
    const started = this.now();
    try {
      return await task();
    } finally {
      this.meanMs = this.meanMs * 0.8 + (this.now() - started) * 0.2;
      this.release();
    }
  }

  /** Whole seconds until a turn is likely free: the work ahead of a newcomer shared among the running slots. */
  retryAfterSeconds(): number {
    const ahead = this.active + this.line.length;
    return Math.min(60, Math.max(1, Math.ceil((this.meanMs * ahead) / this.running / 1000)));
  }

  private wait(signal?: AbortSignal): Promise<void> {
    const gone = () => new ApiError("unavailable", "The request was cancelled while its export waited for a turn.");
    if (signal?.aborted) return Promise.reject(gone());
    return new Promise<void>((resolve, reject) => {
      // The slot passes straight from the task that ends to this one: `active` does not change.
      const go = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = this.line.indexOf(go);
        if (at >= 0) this.line.splice(at, 1);
        reject(gone());
      };
      this.line.push(go);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.line.shift();
    if (next) next();
    else this.active--;
  }

  private refusal(): ApiError {
    const wait = this.retryAfterSeconds();
    return new ApiError(
      "unavailable",
      `The server is drawing as many chart images as it can right now (${this.running} at once, ${this.waiting} waiting). Try again in ${wait} s; CSV and JSON exports are not affected.`,
      { details: { retryAfterSeconds: wait }, headers: { "retry-after": String(wait) } },
    );
  }
}

const holder = globalThis as typeof globalThis & { __stancewatchRenderQueue?: RenderQueue };

/** This process's queue, sized by EXPORT_RENDERS and EXPORT_QUEUE (made again when they change, as in tests). */
export function renderQueue(): RenderQueue {
  const { running, waiting } = readConfig().exportRenders;
  const current = holder.__stancewatchRenderQueue;
  if (current && current.running === running && current.waiting === waiting) return current;
  holder.__stancewatchRenderQueue = new RenderQueue(running, waiting);
  return holder.__stancewatchRenderQueue;
}
