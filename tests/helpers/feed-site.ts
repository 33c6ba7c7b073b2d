/**
 * For the sources' tests, which read feeds from a local site (tests/unit/server/sources/site.ts) on 127.0.0.1:
 * the server refuses private addresses unless ALLOW_PRIVATE_URLS=1.
 */

/** Runs `work` with ALLOW_PRIVATE_URLS set to `value` (unset for undefined), then puts back what it was. */
export async function withPrivateUrls<T>(value: string | undefined, work: () => Promise<T>): Promise<T> {
  const before = process.env.ALLOW_PRIVATE_URLS;
  if (value === undefined) delete process.env.ALLOW_PRIVATE_URLS;
  else process.env.ALLOW_PRIVATE_URLS = value;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.ALLOW_PRIVATE_URLS;
    else process.env.ALLOW_PRIVATE_URLS = before;
  }
}
