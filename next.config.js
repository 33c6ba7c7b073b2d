// @ts-check

// Kept in step with RESOURCE_CSP in server/http/security-headers.ts (next.config cannot import TypeScript).
const RESOURCE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** On every response: pages, API, static files, errors and 404s. */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package folder at run time, so it must not be bundled;
  // resvg is a native addon, and the export renderer's worker loads its own modules from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@resvg/resvg-js", "jsdom"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The app serves no next/image: Next's optimizer (/_next/image) would only be a way to make the server resize
  // images on request. Off, it answers 404.
  images: { unoptimized: true },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // Pages get a CSP with a fresh nonce from proxy.ts; what it does not run for gets a policy that runs nothing.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: RESOURCE_CSP }] },
      { source: "/api", headers: [{ key: "Content-Security-Policy", value: RESOURCE_CSP }] },
      { source: "/_next/:path*", headers: [{ key: "Content-Security-Policy", value: RESOURCE_CSP }] },
      { source: "/favicon.ico", headers: [{ key: "Content-Security-Policy", value: RESOURCE_CSP }] },
      // The app icon is served from the build without a charset.
      { source: "/icon.svg", headers: [{ key: "Content-Type", value: "image/svg+xml; charset=utf-8" }] },
    ];
  },
};

export default nextConfig;
