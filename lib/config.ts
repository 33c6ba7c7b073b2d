import path from "node:path";
import { z } from "zod";

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
  ADMIN_TOKEN: z.string().optional(),
  // Unset or empty: reads are public. Otherwise every read needs it (or the admin token, or a session).
  READ_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (v.length >= 8 && !/\s/.test(v)), {
      message: "READ_TOKEN must be at least 8 characters with no spaces (leave it unset to make reads public)",
    }),
  // Writes per client per minute (a bucket that holds a minute's worth and refills continuously); 0 turns it off.
  WRITE_RATE_PER_MIN: z.coerce
    .number({ error: "WRITE_RATE_PER_MIN must be a whole number" })
    .int("WRITE_RATE_PER_MIN must be a whole number")
    .min(0)
    .max(1_000_000)
    .default(600),
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
    adminToken: e.ADMIN_TOKEN || undefined,
    readToken: e.READ_TOKEN,
    writeRatePerMin: e.WRITE_RATE_PER_MIN,
    trustProxy: e.TRUST_PROXY,
    loadSampleData: e.SAMPLE_DATA === "1",
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    webhooks: { pollMs: e.WEBHOOK_POLL_MS, timeoutMs: e.WEBHOOK_TIMEOUT_MS, retryBaseMs: e.WEBHOOK_RETRY_BASE_MS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
