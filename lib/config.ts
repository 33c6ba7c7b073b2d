import path from "node:path";
import { z } from "zod";

/** The shortest token the server accepts: 16 characters of a random secret are out of reach of guessing. */
export const MIN_TOKEN_LENGTH = 16;

const Env = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "DATABASE_URL must be a postgres:// or postgresql:// URL",
    }),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  // Unset or empty: writes are refused. A token short enough to guess stops the server at start.
  ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (v.length >= MIN_TOKEN_LENGTH && !/\s/.test(v)), {
      message: `ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters with no spaces (e.g. openssl rand -hex 24)`,
    }),
  // Unset or empty: reads are public. Otherwise every read needs it (or the admin token, or a session).
  READ_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (v.length >= MIN_TOKEN_LENGTH && !/\s/.test(v)), {
      message: `READ_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters with no spaces (leave it unset to make reads public)`,
    }),
  // Writes per client per minute (a bucket that holds a minute's worth and refills continuously); 0 turns it off.
  WRITE_RATE_PER_MIN: z.coerce
    .number({ error: "WRITE_RATE_PER_MIN must be a whole number" })
    .int("WRITE_RATE_PER_MIN must be a whole number")
    .min(0)
    .max(1_000_000)
    .default(600),
  // API reads (GET) per client per minute, the same kind of bucket; 0 turns it off. /api/health is never limited.
  READ_RATE_PER_MIN: z.coerce
    .number({ error: "READ_RATE_PER_MIN must be a whole number" })
    .int("READ_RATE_PER_MIN must be a whole number")
    .min(0)
    .max(1_000_000)
    .default(1200),
  // Chart images (SVG, PNG) drawn at once, and how many more may wait for a turn; past both, 503 with Retry-After.
  EXPORT_RENDERS: z.coerce
    .number({ error: "EXPORT_RENDERS must be a whole number from 1 to 16" })
    .int("EXPORT_RENDERS must be a whole number from 1 to 16")
    .min(1)
    .max(16)
    .default(2),
  EXPORT_QUEUE: z.coerce
    .number({ error: "EXPORT_QUEUE must be a whole number from 0 to 1000" })
    .int("EXPORT_QUEUE must be a whole number from 0 to 1000")
    .min(0)
    .max(1000)
    .default(8),
  // How many proxies in front of the server append to X-Forwarded-For; 0 (the default) trusts no header.
  TRUST_PROXY: z
    .string()
    .trim()
    .default("0")
    .transform((v) => (v === "true" ? "1" : v === "false" ? "0" : v))
    .refine((v) => /^\d$/.test(v), { message: "TRUST_PROXY must be 0 to 9 (proxy hops), true or false" })
    .transform(Number),
  SAMPLE_DATA: z.enum(["0", "1"]).default("1"),
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, "PORT must be a port number")
    .default("3000"),
  PUBLIC_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: "PUBLIC_URL must be an http:// or https:// address, e.g. https://stancewatch.example.org",
    }),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  // Under the 10 s a container runtime waits between SIGTERM and SIGKILL, with time left to close the database.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(8000),
});

export type AppConfig = {
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  /** When set, reads need it too (or the admin token, or a signed-in session). */
  readToken: string | undefined;
  /** Writes each client may make per minute; 0 is no limit. */
  writeRatePerMin: number;
  /** API reads each client may make per minute; 0 is no limit. */
  readRatePerMin: number;
  /** Chart images rendered at once, and how many more may wait (the rest get 503). */
  exportRenders: { running: number; waiting: number };
  /** Proxies in front of the server whose X-Forwarded-For entries are believed. */
  trustProxy: number;
  loadSampleData: boolean;
  /** Where the site is reached from outside: the links in feeds and webhook payloads. */
  publicUrl: string;
  webhooks: { pollMs: number; timeoutMs: number; retryBaseMs: number };
  /** How long SIGTERM waits for the requests under way before closing the database. */
  shutdownTimeoutMs: number;
};

/** Reads and validates the environment once; a bad value stops start-up with a message naming it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  if (e.READ_TOKEN !== undefined && e.READ_TOKEN === e.ADMIN_TOKEN) {
    throw new Error("Invalid configuration: READ_TOKEN must differ from ADMIN_TOKEN (the read token cannot write)");
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    adminToken: e.ADMIN_TOKEN,
    readToken: e.READ_TOKEN,
    writeRatePerMin: e.WRITE_RATE_PER_MIN,
    readRatePerMin: e.READ_RATE_PER_MIN,
    exportRenders: { running: e.EXPORT_RENDERS, waiting: e.EXPORT_QUEUE },
    trustProxy: e.TRUST_PROXY,
    loadSampleData: e.SAMPLE_DATA === "1",
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    webhooks: { pollMs: e.WEBHOOK_POLL_MS, timeoutMs: e.WEBHOOK_TIMEOUT_MS, retryBaseMs: e.WEBHOOK_RETRY_BASE_MS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
