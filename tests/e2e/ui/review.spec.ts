import { expect, type Page, test } from "@playwright/test";
import { UI_REVIEW_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH, signIn, signInWithForm } from "../helpers/session";

// The analyst's flow writes reports and reviews, so it runs on its own server and database (the sample data
// only): the read suites' counts on the shared server stay exact. Serial: each step builds on the last.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(UI_REVIEW_PORT) });
// The settings test registers a receiver on this machine, which only ALLOW_PRIVATE_URLS=1 permits.
withOwnServer({ port: UI_REVIEW_PORT, name: "ui-review", env: { ALLOW_PRIVATE_URLS: "1" } });

// A report we wrote for this test: France condemns, Turkey backs Azerbaijan, Russia calls on both sides, and
// a sentence the coder leaves alone (no speaker), which the analyst codes by hand.
const TEXT = [
  "Paris, 20 September. The French Foreign Ministry condemned the offensive launched by Azerbaijan in Karabakh (Le Monde, September 19).",
  "In Ankara, President Erdogan said Turkey stands with Azerbaijan. The Kremlin called on both sides to stop the fighting.",
  "Berlin's line was hard to read that week, with officials hinting at sympathy for Baku's aims.",
].join("\n\n");
const TITLE = "Capitals react to the offensive (UI flow)";
const OUTLET = "Stancewatch test wire";

/** Signs the browser context in through the API (the sign-in form itself is tested once, below). */
const signedIn = (page: Page) => signIn(page.request);

/** The report the flow saved: the only one from its outlet. */
async function savedReportId(page: Page): Promise<number> {
  const res = await page.request.get(`/api/reports?outlet=${encodeURIComponent(OUTLET)}`);
  const { items } = await res.json();
  expect(items).toHaveLength(1);
  return items[0].id;
}

/** Selects `needle` in the report text as a reader does: a mouse drag from its first letter to its last. */
async function selectText(page: Page, needle: string) {
  const text = page.getByTestId("report-text");
  const points = await text.evaluate((el, n) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const whole = nodes.map((t) => t.data).join("");
    const at = whole.indexOf(n);
    if (at < 0) throw new Error(`"${n}" is not in the report text`);
    // The text node and offset of a character of the whole text.
    const locate = (offset: number): [Text, number] => {
      let left = offset;
      for (const t of nodes) {
        if (left < t.data.length) return [t, left];
        left -= t.data.length;
      }
      throw new Error("offset past the text");
    };
    const rectOf = (offset: number) => {
      const [node, i] = locate(offset);
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      return r.getBoundingClientRect();
    };
    const first = rectOf(at);
    const last = rectOf(at + n.length - 1);
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  }, needle);
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 4 });
  await page.mouse.move(points.x2, points.y2, { steps: 4 });
  await page.mouse.up();
}

test.describe("[REVIEW_UI]", () => {
  test("signed out: the Add report page asks for the token, and a wrong one is refused with a message", async ({
    page,
  }) => {
    await page.goto("/reports/new");
    await expect(page.getByRole("heading", { name: "Sign in to add reports" })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveCount(0);
    await signInWithForm(page, "not-the-token");
    await expect(page.locator(".form-error").first()).toHaveText(/admin token is wrong/);
    await expect(page.getByLabel("Title")).toHaveCount(0);
    // Reading stays open: the sample report shows its codings without review controls.
    await page.goto("/reports/1");
    await expect(page.locator("li[data-coding]").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Correct" })).toHaveCount(0);
    await expect(page.getByTestId("review-hint")).toContainText("Sign in");
  });

  test("sign in, paste a report, preview its codings with the evidence highlighted, save it", async ({ page }) => {
    await page.goto("/reports/new");
    await signInWithForm(page);
    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel("Outlet").fill(OUTLET);
    await page.getByLabel("Published").fill("2023-09-20");
    await page.getByLabel("Topic").selectOption("karabakh-2023");
    await page.getByLabel("Text").fill(TEXT);

    await page.getByRole("button", { name: "Preview codings" }).click();
    const preview = page.getByTestId("preview");
    await expect(preview.getByRole("heading")).toHaveText(/Preview: 3 statements found/);
    const stances = preview.getByRole("list", { name: "Report-level stances" });
    await expect(stances.getByRole("listitem").filter({ hasText: "France" })).toContainText("Condemn");
    await expect(stances.getByRole("listitem").filter({ hasText: "Turkey" })).toContainText("Support");
    await expect(stances.getByRole("listitem").filter({ hasText: "Russia" })).toContainText("Neutral");
    // The evidence is highlighted in the previewed text, and each statement says which alias and cue it matched.
    await expect(preview.locator('mark[data-actors="FR"]')).toContainText("condemned the offensive");
    const fr = preview.locator('li[data-actor="FR"]');
    await expect(fr.getByText("Actor named by")).toBeVisible();
    await expect(fr).toContainText("French Foreign Ministry");
    await expect(fr).toContainText("cites Le Monde");

    await page.getByRole("button", { name: "Save report" }).click();
    await expect(page).toHaveURL(/\/reports\/\d+\?added=1$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await expect(page.getByRole("status").filter({ hasText: "Saved and coded" })).toContainText("3 statements");
    await expect(page.locator("li[data-coding]")).toHaveCount(3);
    await expect(page.locator('li[data-actor="FR"]')).toContainText("Cited source: Le Monde, 19 Sep 2023");
  });

  test("the same text again is refused with a link to the stored report", async ({ page }) => {
    await signedIn(page);
    await page.goto("/reports/new");
    await page.getByLabel("Title").fill("A copy");
    await page.getByLabel("Outlet").fill("Another wire");
    await page.getByLabel("Published").fill("2023-09-21");
    await page.getByLabel("Text").fill(TEXT);
    await page.getByRole("button", { name: "Save report" }).click();
    await expect(page.locator(".form-error").first()).toContainText("already");
    await expect(page.getByRole("link", { name: /Open the stored report #\d+/ })).toBeVisible();
    // A bad date is named beside its field, and nothing is stored.
    await page.getByLabel("Published").fill("2023-02-30");
    await page.getByLabel("Text").fill("Another text altogether, about nothing in particular.");
    await page.getByRole("button", { name: "Save report" }).click();
    await expect(page.getByLabel("Published")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(".field__error")).toContainText("calendar date");
    await expect(page).toHaveURL(/\/reports\/new$/);
  });

  test("correct a coding, see it in the history, and find the correction on the dashboard", async ({ page }) => {
    await signedIn(page);
    await page.goto(`/reports/${await savedReportId(page)}`);

    const ru = page.locator('li[data-actor="RU"]');
    await expect(ru).toHaveAttribute("data-status", "auto");
    await ru.getByRole("button", { name: "Correct" }).click();
    // Saving a correction that changes nothing is refused before it is sent.
    await ru.getByRole("button", { name: "Save correction" }).click();
    await expect(ru.getByRole("alert")).toContainText("use Confirm");
    await ru.getByLabel("Stance").selectOption("support");
    await ru.getByLabel("Note").fill("Read with the rest of the week, Moscow sided with Baku.");
    await ru.getByRole("button", { name: "Save correction" }).click();
    await expect(ru).toHaveAttribute("data-status", "corrected");
    await expect(ru.locator('[data-stance="support"]')).toBeVisible();
    await ru.getByText("History").click();
    await expect(ru.locator(".history__list li")).toHaveCount(2);
    await expect(ru.locator(".history__list li").last()).toContainText("stance neutral → support");
    await expect(ru.locator(".history__list li").last()).toContainText("Moscow sided with Baku");

    // The dashboard's status filter finds it, and its evidence lists the corrected stance.
    await page.getByRole("link", { name: "Dashboard", exact: true }).first().click();
    await page.getByLabel("Review status").selectOption("corrected");
    await expect(page).toHaveURL(/status=corrected/);
    const cell = page.locator('figure[data-chart="matrix"] [data-actor="RU"]').first();
    await expect(page.locator('figure[data-chart="matrix"]')).toHaveAttribute("aria-busy", "false");
    await expect(page.locator('figure[data-chart="matrix"] [data-actor]')).toHaveCount(1);
    await cell.click();
    const evidence = page.getByTestId("evidence-panel");
    await expect(evidence.locator("li[data-actor]")).toHaveCount(1);
    await expect(evidence.locator('li[data-actor="RU"]')).toContainText("The Kremlin called on both sides");
    await expect(evidence.locator('li[data-actor="RU"] [data-stance="support"]')).toBeVisible();
    await expect(evidence).toContainText("corrected");
  });

  test("confirm one coding, reject another, add the one the coder missed; Coder quality counts them", async ({
    page,
  }) => {
    await signedIn(page);
    await page.goto(`/reports/${await savedReportId(page)}`);

    const tr = page.locator('li[data-actor="TR"]');
    await tr.getByRole("button", { name: "Confirm" }).click();
    await expect(tr).toHaveAttribute("data-status", "confirmed");

    const fr = page.locator('li[data-actor="FR"]');
    await fr.getByRole("button", { name: "Reject" }).click();
    await fr.getByLabel("Why is it wrong? (note)").fill("A test of rejection.");
    await fr.getByRole("button", { name: "Reject coding" }).click();
    await expect(fr).toHaveAttribute("data-status", "rejected");
    // A rejected coding is no longer highlighted in the text.
    await expect(page.locator('mark[data-actors~="FR"]')).toHaveCount(0);

    // A word of the uncoded sentence, widened to the whole sentence, coded by hand.
    await selectText(page, "sympathy");
    const form = page.getByRole("form", { name: "Add a coding" });
    await expect(form.locator("blockquote")).toHaveText(
      "Berlin's line was hard to read that week, with officials hinting at sympathy for Baku's aims.",
    );
    await form.getByLabel("Actor").selectOption("DE");
    await form.getByLabel("Stance").selectOption("support");
    await form.getByRole("button", { name: "Add coding" }).click();
    const de = page.locator('li[data-actor="DE"]');
    await expect(de).toHaveAttribute("data-status", "confirmed");
    await expect(de).toContainText("coded by analyst");
    await expect(page.locator('mark[data-actors~="DE"]')).toContainText("hinting at sympathy");

    // Four reviewed: RU corrected (coder neutral, analyst support), TR kept, FR rejected, DE added.
    await page.getByRole("link", { name: "Coder quality" }).click();
    const headline = page.getByTestId("quality-headline");
    await expect(headline).toContainText("Reviewed codings4");
    await expect(headline).toContainText("Raw agreement25%");
    await page.getByLabel("Countries").selectOption(["TR"]);
    await expect(page).toHaveURL(/actor=TR/);
    await expect(headline).toContainText("Reviewed codings1");
    await expect(page.locator('tr[data-actor="TR"]')).toContainText("100%");
  });

  test("an exact selection across two highlighted sentences is stored with exactly those offsets", async ({ page }) => {
    await signedIn(page);
    const id = await savedReportId(page);
    await page.goto(`/reports/${id}`);
    const phrase = "stands with Azerbaijan. The Kremlin";
    await selectText(page, phrase);
    const form = page.getByRole("form", { name: "Add a coding" });
    await form.getByLabel("Widen to the whole sentence").uncheck();
    await expect(form.locator("blockquote")).toHaveText(phrase);
    await form.getByLabel("Actor").selectOption("US");
    await form.getByLabel("Stance").selectOption("neutral");
    // Moving the pointer to the button and releasing it must not re-read a selection the redraw disturbed.
    await form.getByRole("button", { name: "Add coding" }).click();
    await expect(page.locator('li[data-actor="US"]')).toContainText(phrase);
    const report = await (await page.request.get(`/api/reports/${id}`)).json();
    const us = report.codings.find((c: { actor: string }) => c.actor === "US");
    expect(us.evidence).toBe(phrase);
    expect(report.body.slice(us.evidenceStart, us.evidenceEnd)).toBe(phrase);
    expect(us.evidenceStart).toBe(report.body.indexOf(phrase));
  });

  test("a topic created on the Add report page is chosen for the report", async ({ page }) => {
    await signedIn(page);
    await page.goto("/reports/new");
    await page.getByRole("button", { name: "New topic…" }).click();
    await page.getByLabel("Topic title").fill("Ruritania's 2031 blockade of the straits");
    await page.getByLabel("Acting party").fill("Ruritania");
    await page.getByLabel("Its other names").fill("Strelsau, Ruritanian");
    await page.getByRole("button", { name: "Create topic" }).click();
    await expect(page.getByLabel("Topic", { exact: true })).toHaveValue("ruritanias-2031-blockade-of-the-straits");
    await expect(page.getByLabel("Topic", { exact: true }).locator("option:checked")).toHaveText(
      "Ruritania's 2031 blockade of the straits",
    );
    // The same title again is refused with the server's message, and the form stays open.
    await page.getByRole("button", { name: "New topic…" }).click();
    await page.getByLabel("Topic title").fill("Ruritania's 2031 blockade of the straits");
    await page.getByLabel("Acting party").fill("Ruritania");
    await page.getByRole("button", { name: "Create topic" }).click();
    await expect(page.locator(".new-topic .form-error")).toContainText("is taken by topic");
  });

  test("[PARTIES] the Add-topic fields suggest the parties from the title, and the analyst's edit wins", async ({
    page,
  }) => {
    await signedIn(page);
    await page.goto("/reports/new");
    await page.getByRole("button", { name: "New topic…" }).click();
    await page.getByLabel("Topic title").fill("Turkey's 2031 incursion into northern Syria");
    await expect(page.getByLabel("Acting party")).toHaveValue("Türkiye");
    await expect(page.getByLabel("Target parties")).toHaveValue("Syria");
    await expect(page.locator(".new-topic")).toContainText("Suggested from the title");
    await page.getByLabel("Target parties").fill("Syria, Kurdish forces");
    await page.getByRole("button", { name: "Create topic" }).click();
    await expect(page.getByLabel("Topic", { exact: true })).toHaveValue("turkeys-2031-incursion-into-northern-syria");
    const topics = (await (await page.request.get("/api/topics")).json()).items as {
      slug: string;
      actingParty: string;
      targetParties: { name: string }[];
    }[];
    expect(topics.find((t) => t.slug === "turkeys-2031-incursion-into-northern-syria")).toMatchObject({
      actingParty: "Türkiye",
      targetParties: [{ name: "Syria" }, { name: "Kurdish forces" }],
    });

    // A title that names only the target: the form asks for the acting party and will not send without it.
    await page.getByRole("button", { name: "New topic…" }).click();
    await page.getByLabel("Topic title").fill("Sanctions on Iran in 2031");
    await expect(page.locator(".new-topic")).toContainText("The title names no acting party");
    await expect(page.getByLabel("Target parties")).toHaveValue("Iran");
    await expect(page.getByRole("button", { name: "Create topic" })).toBeDisabled();
    await page.getByLabel("Acting party").fill("United States");
    await expect(page.getByRole("button", { name: "Create topic" })).toBeEnabled();
  });

  test("the Webhooks settings page registers a URL, shows its secret once, and lists it with an empty log", async ({
    page,
  }) => {
    await page.goto("/settings/webhooks");
    await expect(page.getByLabel("Admin token")).toBeVisible();
    await signedIn(page);
    await page.reload();
    await expect(page.getByTestId("webhooks-empty")).toBeVisible();
    await page.getByLabel("Webhook URL").fill("http://127.0.0.1:9/never-called");
    await page.getByLabel("Description").fill("UI test relay");
    await page.getByLabel("Coder confidence").selectOption("0.9");
    await page.getByLabel("Reviewed shifts only").check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByTestId("webhook-secret")).toContainText("whsec_");
    const row = page.locator("li[data-webhook]");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("UI test relay");
    await expect(row.getByTestId("webhook-standing")).toHaveText(
      "Sends reviewed shifts only, both codings at least 90% confident",
    );
    await expect(row).toContainText("0 delivered · 0 pending · 0 failed");
    await row.getByRole("button", { name: "Delivery log" }).click();
    await expect(row).toContainText("Nothing sent yet");
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId("webhooks-empty")).toBeVisible();
  });

  test("[REVIEW_QUEUE] the review queue is worked from the keyboard: A confirms, U undoes, Space skips, X rejects, C corrects", async ({
    page,
  }) => {
    await signedIn(page);
    // Our own report, so the queue has automatic codings whatever the earlier steps decided.
    const added = await page.request.post("/api/reports", {
      headers: ADMIN_AUTH,
      data: {
        title: "Three capitals on the ceasefire (review queue)",
        outlet: OUTLET,
        publishedOn: "2023-10-12",
        topic: "karabakh-2023",
        text: [
          "Paris, 12 October. The French Foreign Ministry condemned the displacement of civilians from Karabakh.",
          "In Moscow, the Kremlin welcomed the ceasefire and praised Baku's restraint.",
          "Washington urged both sides to return to talks.",
          "The US State Department welcomed the operation and praised Azerbaijan.",
        ].join(" "),
      },
    });
    expect(added.status()).toBe(201);
    // The US condemned in September (the sample, confirmed) and welcomes now: a shift nobody has reviewed, drawn
    // hollow on the timeline, while the sample's reviewed one is filled.
    const shifts = (await (await page.request.get("/api/shifts")).json()).items as {
      id: string;
      actor: string;
      evidence: { before: { status: string }; after: { status: string } };
    }[];
    const open = shifts.find((s) => s.actor === "US" && s.evidence.after.status === "auto");
    expect(open).toBeTruthy();
    await page.goto("/");
    const timeline = page.locator('figure[data-chart="timeline"]');
    await expect(timeline).toHaveAttribute("aria-busy", "false");
    const hollow = timeline.locator(`[data-shift="${open?.id}"]`);
    await expect(hollow).toHaveAttribute("data-shift-reviewed", "false");
    await expect(hollow.locator("path")).toHaveAttribute("fill", "#fff");
    await expect(hollow.locator("title")).toContainText("not reviewed yet");
    await expect(timeline.locator('[data-shift-actor="RU"][data-shift-reviewed="true"]')).toHaveCount(1);
    const queue = async () => await (await page.request.get("/api/review-queue", { headers: ADMIN_AUTH })).json();
    const status = async (id: string) =>
      (
        await (await page.request.get(`/api/stances?status=auto,confirmed,corrected,rejected&limit=1000`)).json()
      ).items.find((s: { id: number }) => String(s.id) === id)?.status;
    const start = await queue();
    expect(start.remaining).toBeGreaterThanOrEqual(3);

    await page.goto("/review");
    const remaining = page.getByTestId("review-remaining");
    const card = page.getByTestId("review-card");
    // The keys work once the page is hydrated.
    await expect(page.locator(".review-queue")).toHaveAttribute("data-ready", "true");
    await expect(remaining).toHaveText(String(start.remaining));
    // The keys are on screen, on the buttons that do the same.
    for (const name of ["A Confirm", "X Reject", "C Correct…", "Space Skip", "U Undo last"]) {
      await expect(card.getByRole("button", { name, exact: true })).toBeVisible();
    }
    const first = (await card.getAttribute("data-coding")) as string;
    expect(first).toBe(String(start.items[0].id));
    await expect(card.getByTestId("review-evidence")).toHaveText(start.items[0].evidence);

    await page.keyboard.press("a");
    await expect(remaining).toHaveText(String(start.remaining - 1));
    await expect(card).not.toHaveAttribute("data-coding", first);
    await expect.poll(() => status(first)).toBe("confirmed");

    await page.keyboard.press("u");
    await expect(remaining).toHaveText(String(start.remaining));
    await expect(card).toHaveAttribute("data-coding", first);
    await expect.poll(() => status(first)).toBe("auto");

    await page.keyboard.press(" ");
    await expect(card).not.toHaveAttribute("data-coding", first);
    await expect(remaining).toHaveText(String(start.remaining));
    const second = (await card.getAttribute("data-coding")) as string;
    await page.keyboard.press("x");
    await expect(remaining).toHaveText(String(start.remaining - 1));
    await expect.poll(() => status(second)).toBe("rejected");

    const third = (await card.getAttribute("data-coding")) as string;
    await page.keyboard.press("c");
    const form = page.getByRole("form", { name: "Correct this coding" });
    await expect(form).toBeVisible();
    // Typing in the form is not a decision.
    await form.getByLabel("Statement date").fill("2023-10");
    await expect(remaining).toHaveText(String(start.remaining - 1));
    await form.getByRole("button", { name: "Save correction" }).click();
    await expect(remaining).toHaveText(String(start.remaining - 2));
    await expect.poll(() => status(third)).toBe("corrected");
    const revisions = await (await page.request.get(`/api/stances/${third}/revisions`)).json();
    expect(revisions.items.at(-1)).toMatchObject({ action: "correct", newValue: { statementDatePrecision: "month" } });

    // The filters are in the URL, and the queue follows them.
    await page.getByLabel("Countries").selectOption(["FR"]);
    await expect(page).toHaveURL(/\/review\?actor=FR$/);
    const french = await (await page.request.get("/api/review-queue?actor=FR", { headers: ADMIN_AUTH })).json();
    await expect(remaining).toHaveText(String(french.remaining));
    if (french.items[0]) await expect(card).toHaveAttribute("data-actor", "FR");
    await page.reload();
    await expect(page.getByLabel("Countries")).toHaveValues(["FR"]);
  });
});
