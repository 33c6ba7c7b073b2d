import path from "node:path";

/** Shared by playwright.config.ts and the specs (workers evaluate the config again, so nothing random here). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** The shared server: every spec's baseURL unless it has a server of its own. */
export const E2E_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATA_DIR = path.resolve(process.env.E2E_DATA_DIR ?? ".tmp/e2e-data");
export const ON_POSTGRES = Boolean(process.env.DATABASE_URL);
/** The write token the test server is started with. */
export const ADMIN_TOKEN = process.env.E2E_ADMIN_TOKEN ?? "e2e-admin-token-0123456789";
/** The read token of the suites whose own server sets READ_TOKEN. */
export const READ_TOKEN = "e2e-read-token-0123456789";
