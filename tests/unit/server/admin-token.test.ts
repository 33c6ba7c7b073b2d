import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN_FILE,
  adminTokenFile,
  adminTokenLines,
  MIN_TOKEN_LENGTH,
  provideAdminToken,
  readConfig,
} from "../../../server/config";

// The admin token a server on the embedded database makes on its first start when ADMIN_TOKEN is unset.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stancewatch-admin-token-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
/** An environment of its own, as the server's process.env would be: nothing leaks into this process's. */
const envFor = (dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: "test",
  DATA_DIR: dataDir,
  ...extra,
});

describe("adminTokenFile", () => {
  it("makes DATA_DIR (when missing) and a random token in DATA_DIR/admin-token, mode 0600", () => {
    const dataDir = path.join(dir, "data", "nested");
    const made = adminTokenFile(dataDir);
    expect(made.file).toBe(path.join(dataDir, ADMIN_TOKEN_FILE));
    expect(made.created).toBe(true);
    expect(made.looserMode).toBeNull();
    expect(modeOf(made.file)).toBe(0o600);
    expect(made.token).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(made.file, "utf8")).toBe(made.token);
    // A valid ADMIN_TOKEN for the configuration's own rules.
    expect(readConfig(envFor(dataDir, { ADMIN_TOKEN: made.token })).adminToken).toBe(made.token);
    // Another folder, another token.
    expect(adminTokenFile(path.join(dir, "other")).token).not.toBe(made.token);
  });

  it("reuses the file on later starts, trimmed, and never overwrites it", () => {
    const first = adminTokenFile(dir);
    const again = adminTokenFile(dir);
    expect(again).toEqual({ ...first, created: false });
    // A token written by hand (with the newline an editor adds) is read as it is.
    fs.writeFileSync(first.file, "  a-token-typed-by-hand-0123\n");
    expect(adminTokenFile(dir).token).toBe("a-token-typed-by-hand-0123");
    expect(fs.readFileSync(first.file, "utf8")).toBe("  a-token-typed-by-hand-0123\n");
  });

  it("sets a file others may read to 0600 and says what it was", () => {
    const { file, token } = adminTokenFile(dir);
    fs.chmodSync(file, 0o644);
    const again = adminTokenFile(dir);
    expect(again.looserMode).toBe(0o644);
    expect(again.token).toBe(token);
    expect(modeOf(file)).toBe(0o600);
    // A stricter mode is left alone.
    fs.chmodSync(file, 0o400);
    expect(adminTokenFile(dir).looserMode).toBeNull();
    expect(modeOf(file)).toBe(0o400);
  });

  it("refuses a file that holds less than a token, naming the file", () => {
    const file = path.join(dir, ADMIN_TOKEN_FILE);
    for (const content of ["", "\n", "x".repeat(MIN_TOKEN_LENGTH - 1), "two words, long enough to pass"]) {
      fs.rmSync(file, { force: true });
      fs.writeFileSync(file, content, { mode: 0o600 });
      expect(() => adminTokenFile(dir), JSON.stringify(content)).toThrow(file);
      expect(() => adminTokenFile(dir)).toThrow(/at least 16 characters with no spaces/);
      // Refused, not replaced.
      expect(fs.readFileSync(file, "utf8")).toBe(content);
    }
    fs.writeFileSync(file, "x".repeat(MIN_TOKEN_LENGTH));
    expect(adminTokenFile(dir).token).toBe("x".repeat(MIN_TOKEN_LENGTH));
  });
});

describe("provideAdminToken", () => {
  it("on the embedded database without ADMIN_TOKEN, puts the file's token where readConfig reads it", () => {
    const env = envFor(dir);
    const origin = provideAdminToken(env);
    const file = path.join(dir, ADMIN_TOKEN_FILE);
    expect(origin).toEqual({ source: "file", file, created: true, looserMode: null });
    expect(env.ADMIN_TOKEN).toBe(fs.readFileSync(file, "utf8"));
    expect(readConfig(env).adminToken).toBe(env.ADMIN_TOKEN);
    // The next start: the same token.
    const next = envFor(dir, { ADMIN_TOKEN: "" });
    expect(provideAdminToken(next)).toEqual({ ...origin, created: false });
    expect(next.ADMIN_TOKEN).toBe(env.ADMIN_TOKEN);
  });

  it("leaves ADMIN_TOKEN alone when it is set, and makes no file", () => {
    const env = envFor(dir, { ADMIN_TOKEN: "set-by-the-operator-0123" });
    expect(provideAdminToken(env)).toEqual({ source: "environment", ignoredFile: null });
    expect(env.ADMIN_TOKEN).toBe("set-by-the-operator-0123");
    expect(fs.existsSync(path.join(dir, ADMIN_TOKEN_FILE))).toBe(false);
    // A file from an earlier start without it is named as not used, and stays as it was.
    const made = adminTokenFile(dir);
    expect(provideAdminToken(env)).toEqual({ source: "environment", ignoredFile: made.file });
    expect(env.ADMIN_TOKEN).toBe("set-by-the-operator-0123");
    expect(fs.readFileSync(made.file, "utf8")).toBe(made.token);
  });

  it("with DATABASE_URL makes no token of its own (writes stay refused, as before) and says so", () => {
    const env = envFor(dir, { DATABASE_URL: "postgres://u@127.0.0.1:5/db" });
    const origin = provideAdminToken(env);
    expect(origin).toEqual({ source: "none" });
    expect(adminTokenLines(origin, "http://localhost:3000")).toEqual([
      expect.stringMatching(/ADMIN_TOKEN is not set: with DATABASE_URL .* writes are refused until it is set/),
    ]);
    expect(env.ADMIN_TOKEN).toBeUndefined();
    expect(fs.existsSync(path.join(dir, ADMIN_TOKEN_FILE))).toBe(false);
    const given = envFor(dir, { DATABASE_URL: "postgres://u@127.0.0.1:5/db", ADMIN_TOKEN: "set-by-the-operator-0123" });
    expect(provideAdminToken(given)).toEqual({ source: "environment", ignoredFile: null });
  });

  it("still applies the rules between tokens, and leaves the environment as it was when one fails", () => {
    const { token } = adminTokenFile(dir);
    const env = envFor(dir, { READ_TOKEN: token });
    expect(() => provideAdminToken(env)).toThrow(/READ_TOKEN must differ from ADMIN_TOKEN/);
    expect(env.ADMIN_TOKEN).toBeUndefined();
    // READ_TOKEN otherwise stays what it is: the generated token is only the admin's.
    const reads = envFor(dir, { READ_TOKEN: "a-read-token-0123456" });
    provideAdminToken(reads);
    expect(readConfig(reads)).toMatchObject({ adminToken: token, readToken: "a-read-token-0123456" });
  });
});

describe("adminTokenLines", () => {
  it("says where the token is and how to sign in, never the token", () => {
    const env = envFor(dir);
    const origin = provideAdminToken(env);
    const lines = adminTokenLines(origin, "http://localhost:3000");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`admin token in ${path.join(dir, ADMIN_TOKEN_FILE)} (made on this first start)`);
    expect(lines[0]).toContain("http://localhost:3000/sign-in");
    expect(lines[0]).toContain("Authorization: Bearer");
    expect(lines.join("\n")).not.toContain(env.ADMIN_TOKEN);

    fs.chmodSync(path.join(dir, ADMIN_TOKEN_FILE), 0o664);
    const later = adminTokenLines(provideAdminToken(envFor(dir)), "https://sw.example");
    expect(later).toHaveLength(2);
    expect(later[0]).toMatch(/could be read by other users \(mode 664\): set to 600/);
    expect(later[1]).toContain("(kept from an earlier start): sign in at https://sw.example/sign-in");

    expect(adminTokenLines({ source: "environment", ignoredFile: null }, "http://localhost:3000")).toEqual([]);
    expect(adminTokenLines({ source: "environment", ignoredFile: "/d/admin-token" }, "x")[0]).toMatch(
      /ADMIN_TOKEN is set: \/d\/admin-token is not used/,
    );
  });
});
