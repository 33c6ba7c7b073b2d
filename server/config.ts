import { randomBytes } from "node:crypto";
import fs from "node:fs";
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
  // Unset or empty: the server on the embedded database makes one in DATA_DIR/admin-token (provideAdminToken); with
  // DATABASE_URL the server refuses to start. A token short enough to guess stops the server at start.
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
  // How often the source poller looks for sources that are due (each source has its own interval).
  SOURCES_POLL_MS: z.coerce
    .number({ error: "SOURCES_POLL_MS must be a whole number of milliseconds from 50 to 600000" })
    .int("SOURCES_POLL_MS must be a whole number of milliseconds from 50 to 600000")
    .min(50, "SOURCES_POLL_MS must be a whole number of milliseconds from 50 to 600000")
    .max(600_000, "SOURCES_POLL_MS must be a whole number of milliseconds from 50 to 600000")
    .default(5000),
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
  /** How often the source poller looks for due sources. */
  sources: { pollMs: number };
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
    sources: { pollMs: e.SOURCES_POLL_MS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

/** The file in DATA_DIR where a server on the embedded database keeps the admin token it made itself. */
export const ADMIN_TOKEN_FILE = "admin-token";

/** Why a server on PostgreSQL makes no token of its own: every process on the database must share one. */
export const ADMIN_TOKEN_REQUIRED =
  "ADMIN_TOKEN is not set: with DATABASE_URL the server makes no token of its own (every server on the database " +
  "must share one), so writes are refused until it is set (e.g. ADMIN_TOKEN=$(openssl rand -hex 24))";

/** The token file of a data folder, made (mode 0600, never overwritten) or reused. */
export type AdminTokenFile = {
  token: string;
  file: string;
  /** Made by this call (this is the folder's first start). */
  created: boolean;
  /** The permissions the file had when they let others read it (and were set to 0600), else null. */
  looserMode: number | null;
};

/**
 * The admin token kept in `dataDir/admin-token`: 32 random bytes in hex, written with `wx` and mode 0600 so that
 * two starts at once cannot overwrite each other's, or read from the file when it is there. A file others may
 * read is set to 0600; one that holds less than a token (shorter than MIN_TOKEN_LENGTH, or with spaces inside)
 * stops the server with a message naming it.
 */
export function adminTokenFile(dataDir: string): AdminTokenFile {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  let created = false;
  try {
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const mode = fs.statSync(file).mode & 0o777;
  const looserMode = (mode & 0o077) !== 0 ? mode : null;
  if (looserMode !== null) fs.chmodSync(file, 0o600);
  const token = fs.readFileSync(file, "utf8").trim();
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(
      `Invalid configuration: ${file} must hold the admin token, at least ${MIN_TOKEN_LENGTH} characters with no ` +
        "spaces: delete the file to have a new token made at the next start, or set ADMIN_TOKEN",
    );
  }
  return { token, file, created, looserMode };
}

/** The token a server made for this data folder, when there is one (read, never made: for `npm run import`). */
export function existingAdminToken(dataDir: string): string | undefined {
  try {
    const token = fs.readFileSync(path.join(dataDir, ADMIN_TOKEN_FILE), "utf8").trim();
    return token.length >= MIN_TOKEN_LENGTH && !/\s/.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Where the admin token of this process comes from. */
export type AdminTokenOrigin =
  /** ADMIN_TOKEN was set; `ignoredFile` is a token file of the data folder that it overrides. */
  | { source: "environment"; ignoredFile: string | null }
  | { source: "file"; file: string; created: boolean; looserMode: number | null }
  /** Unset on PostgreSQL: the server reads but refuses writes, as it always has. */
  | { source: "none" };

/**
 * The one place that settles the admin token, called once by the server at start (server/lifecycle/start.ts),
 * before it serves anything. ADMIN_TOKEN set wins. Unset on the embedded database, the token of DATA_DIR/admin-token
 * (made on the first start) is put in `env.ADMIN_TOKEN`, so that readConfig() in every route of the process (Next
 * bundles them separately, process.env is shared) sees it. Unset with DATABASE_URL, there is none (writes are refused).
 * Never returns the token itself, so that nothing logs it by mistake.
 */
export function provideAdminToken(env: NodeJS.ProcessEnv = process.env): AdminTokenOrigin {
  const config = readConfig(env);
  if (config.adminToken !== undefined) {
    const file = path.join(config.dataDir, ADMIN_TOKEN_FILE);
    return { source: "environment", ignoredFile: !config.databaseUrl && fs.existsSync(file) ? file : null };
  }
  if (config.databaseUrl) return { source: "none" };
  const { token, file, created, looserMode } = adminTokenFile(config.dataDir);
  const before = env.ADMIN_TOKEN;
  env.ADMIN_TOKEN = token;
  try {
    // The rules between tokens still hold (READ_TOKEN must differ from it).
    readConfig(env);
  } catch (error) {
    if (before === undefined) delete env.ADMIN_TOKEN;
    else env.ADMIN_TOKEN = before;
    throw error;
  }
  return { source: "file", file, created, looserMode };
}

/** The lines the server prints at start about its admin token: where it is and how to use it, never the token. */
export function adminTokenLines(origin: AdminTokenOrigin, publicUrl: string): string[] {
  if (origin.source === "environment") {
    return origin.ignoredFile ? [`[stancewatch] ADMIN_TOKEN is set: ${origin.ignoredFile} is not used`] : [];
  }
  if (origin.source === "none") return [`[stancewatch] ${ADMIN_TOKEN_REQUIRED}`];
  const lines: string[] = [];
  if (origin.looserMode !== null) {
    const was = origin.looserMode.toString(8).padStart(3, "0");
    lines.push(`[stancewatch] ${origin.file} could be read by other users (mode ${was}): set to 600`);
  }
  const when = origin.created ? "made on this first start" : "kept from an earlier start";
  lines.push(
    `[stancewatch] admin token in ${origin.file} (${when}): sign in at ${publicUrl}/sign-in with it, ` +
      "or send it as Authorization: Bearer <token>; ADMIN_TOKEN set instead overrides it",
  );
  return lines;
}
