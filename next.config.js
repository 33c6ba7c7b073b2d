// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package folder at run time, so it must not be bundled;
  // resvg is a native addon, and the export renderer's worker loads its own modules from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@resvg/resvg-js", "jsdom"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
