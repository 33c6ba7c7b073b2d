import { type APIRequestContext, type APIResponse, expect, type Page } from "@playwright/test";
import { ADMIN_TOKEN } from "../env";

/** The admin token as a Bearer header: how scripts write, without a session. */
export const ADMIN_AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

export type Session = {
  res: APIResponse;
  /** The Set-Cookie header as the server sent it, flags included. */
  setCookie: string;
  /** The cookie as a client sends it back: `stancewatch_session=…`. */
  cookie: string;
};

/**
 * Signs in through POST /api/session and expects a 200. `headers` carry what the server checks on a write
 * (Origin, a client address). With `page.request` the browser context keeps the cookie too.
 */
export async function signIn(
  request: APIRequestContext,
  token = ADMIN_TOKEN,
  headers: Record<string, string> = {},
): Promise<Session> {
  const res = await request.post("/api/session", { data: { token }, headers });
  expect(res.status()).toBe(200);
  const setCookie = res.headers()["set-cookie"] ?? "";
  return { res, setCookie, cookie: setCookie.split(";")[0] ?? "" };
}

/** Signs in as an analyst does: the page's sign-in form, token typed in. */
export async function signInWithForm(page: Page, token = ADMIN_TOKEN): Promise<void> {
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}
