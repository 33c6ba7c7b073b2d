let clients = 0;

/**
 * A client address of its own, as the trusted proxy hop "saw" it (a server started with TRUST_PROXY=1): each call
 * counts against a fresh client in the server's per-client limits.
 */
export const asClient = () => ({ "x-forwarded-for": `203.0.113.${++clients}` });
