import { E2E_PORT } from "../env";

// Every suite that starts a server of its own has its own port, E2E_PORT plus an offset (each overridable by
// the variable named), so that suites running at the same time never meet. Listed in one place so that a new
// suite takes a free one.
const port = (variable: string, offset: number) => Number(process.env[variable] ?? E2E_PORT + offset);

export const urlOf = (p: number) => `http://127.0.0.1:${p}`;

export const REVIEW_PORT = port("E2E_REVIEW_PORT", 1);
export const INGEST_PORT = port("E2E_INGEST_PORT", 2);
export const UI_REVIEW_PORT = port("E2E_UI_REVIEW_PORT", 3);
export const TOPICS_PORT = port("E2E_TOPICS_PORT", 4);
export const WEBHOOKS_PORT = port("E2E_WEBHOOKS_PORT", 5);
export const SOURCES_UI_PORT = port("E2E_SOURCES_UI_PORT", 7);
export const READ_TOKEN_PORT = port("E2E_READ_TOKEN_PORT", 10);
export const XSS_PORT = port("E2E_XSS_PORT", 11);
export const EXPORT_LOAD_PORT = port("E2E_EXPORT_LOAD_PORT", 12);
export const RATE_LIMIT_PORT = port("E2E_RATE_LIMIT_PORT", 13);
export const SHUTDOWN_PORT = port("E2E_SHUTDOWN_PORT", 20);
/** A second server on the shared server's data folder (refused), and `npm start` on it (refused). */
export const LOCK_PORTS = [E2E_PORT + 21, E2E_PORT + 22] as const;
export const CRASH_PORT = port("E2E_CRASH_PORT", 23);
/** A first start on a new data folder (+24), and a start refused for want of a token (+25). */
export const FIRST_START_PORT = port("E2E_FIRST_START_PORT", 24);
/** Sources: a server that polls feeds of a local site every half second. */
export const SOURCES_PORT = port("E2E_SOURCES_PORT", 26);
