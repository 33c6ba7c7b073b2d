import { ImportAbortedError, type ImportBackend, SlugTakenError, type StoreResult, type TopicRef } from "./run";

/**
 * `npm run import` through a running server's API, for when that server holds the embedded database: the same
 * routes as everyone else (`GET`/`POST /api/topics`, `POST /api/reports`, and `POST /api/reports/preview` for a
 * dry run), so the same checks and the same coder. Over HTTP a topic a report needs is created before the
 * report is stored, not in one transaction with it.
 */

type Envelope = { error?: { code?: string; message?: string; reportId?: number; topicId?: number } };

type Answer = { status: number; body: unknown };

export type HttpImportOptions = {
  baseUrl: string;
  token: string;
  dryRun: boolean;
  timeoutMs?: number;
  /** How many times a request the server refuses with 429 is sent again, after the wait it asks for. */
  maxRetries?: number;
  /** Waits (tests give a fake). */
  sleep?: (ms: number) => Promise<void>;
};

/** The wait a 429 asks for (Retry-After, seconds), within reason; a missing or odd value is one second. */
export function retryAfterMs(header: string | null): number {
  const seconds = header === null || header.trim() === "" ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 300) * 1000 : 1000;
}

export function createHttpImportBackend(options: HttpImportOptions): ImportBackend & { checkAccess(): Promise<void> } {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Topics a dry run would create: reports filed under them are validated but cannot be coded by the server.
  const pending = new Map<string, TopicRef>();

  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** A request, sent again after the server's Retry-After while it answers 429 (its write rate limit). */
  async function call(method: "GET" | "POST", route: string, body?: unknown): Promise<Answer> {
    for (let tries = 0; ; tries++) {
      const { answer, retryAfter } = await callOnce(method, route, body);
      if (answer.status !== 429 || tries >= (options.maxRetries ?? 20)) return answer;
      await sleep(retryAfterMs(retryAfter));
    }
  }

  async function callOnce(
    method: "GET" | "POST",
    route: string,
    body?: unknown,
  ): Promise<{ answer: Answer; retryAfter: string | null }> {
    let res: Response;
    try {
      res = await fetch(`${base}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ImportAbortedError(
        `the server at ${base} does not answer (${cause}); set STANCEWATCH_URL to its address`,
      );
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (res.status === 401 || res.status === 403) {
      throw new ImportAbortedError(
        `the server at ${base} refused the token (${res.status}: ${messageOf({ status: res.status, body: parsed })}); ` +
          "set ADMIN_TOKEN to the server's token",
        "access",
      );
    }
    return { answer: { status: res.status, body: parsed }, retryAfter: res.headers.get("retry-after") };
  }

  function messageOf(answer: Answer): string {
    const message = (answer.body as Envelope | null)?.error?.message;
    return message ?? `the server answered HTTP ${answer.status}`;
  }

  const backend: ImportBackend & { checkAccess(): Promise<void> } = {
    /** Tries the token on a route that checks it before anything else, and writes nothing. */
    async checkAccess() {
      const answer = await call("POST", "/api/reports/preview", {});
      if (answer.status !== 400) throw new ImportAbortedError(`the server at ${base}: ${messageOf(answer)}`);
    },

    async listTopics() {
      const answer = await call("GET", "/api/topics");
      if (answer.status !== 200) throw new ImportAbortedError(`listing topics: ${messageOf(answer)}`);
      const items = (answer.body as { items: TopicRef[] }).items;
      return [
        ...items.map(({ id, slug, title, actingParty }) => ({ id, slug, title, actingParty })),
        ...pending.values(),
      ];
    },

    async createTopic(topic) {
      if (options.dryRun) {
        const ref = { id: -(pending.size + 1), ...topic };
        pending.set(topic.slug, ref);
        return ref;
      }
      const answer = await call("POST", "/api/topics", topic);
      if (answer.status === 409) throw new SlugTakenError(topic.slug);
      if (answer.status !== 201) throw new Error(messageOf(answer));
      const { id, slug, title, actingParty } = answer.body as TopicRef;
      return { id, slug, title, actingParty };
    },

    async storeReport(body): Promise<StoreResult> {
      if (options.dryRun && pending.has(String(body.topic))) {
        return { status: "added", reportId: null, stances: null };
      }
      const answer = await call("POST", options.dryRun ? "/api/reports/preview" : "/api/reports", body);
      const error = (answer.body as Envelope | null)?.error;
      if (answer.status === 409 && typeof error?.reportId === "number") {
        return { status: "duplicate", reportId: error.reportId };
      }
      if (answer.status !== (options.dryRun ? 200 : 201)) throw new Error(messageOf(answer));
      const result = answer.body as { id?: number; reportStances: { actor: string; stance: string }[] };
      return {
        status: "added",
        reportId: options.dryRun ? null : (result.id ?? null),
        stances: result.reportStances.map(({ actor, stance }) => ({ actor, stance })),
      };
    },

    atomically: (work) => work(backend),
  };
  return backend;
}
