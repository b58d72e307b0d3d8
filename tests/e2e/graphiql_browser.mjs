// Drives the router's GraphiQL in headless Chromium (Debian's, through playwright-core):
// the example tabs, signing in, a query with its plan, a subscription over WebSocket, the
// explorer. Prints what it saw as JSON; tests/e2e/test_graphiql_browser.py judges it.
// Usage: node graphiql_browser.mjs ROUTER_URL EMAIL PASSWORD WORK_DIR
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";

const [routerUrl, email, password, workDir] = process.argv.slice(2);
const TIMEOUT_MS = 30_000;
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const context = await chromium.launchPersistentContext(mkdtempSync(join(workDir, "profile-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: FLAGS,
});
const seen = { problems: [], requests: [] };
let page = null;
try {
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT_MS);
  // A Content-Security-Policy violation or a script error is a console error.
  page.on("console", (message) => {
    if (message.type() === "error") seen.problems.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => seen.problems.push(String(error)));
  page.on("request", (request) => seen.requests.push(request.url()));

  // The response pane's text, from its CodeMirror editor.
  const result = () =>
    page.evaluate(() => document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue());
  const resultContaining = async (text) => {
    await page.waitForFunction(
      (wanted) => document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue().includes(wanted),
      text,
    );
    return JSON.parse(await result());
  };
  // GraphiQL takes the operation's name from the editor a moment after a tab's text is in it.
  const openTab = async (name) => {
    await page.locator(".graphiql-tab-button", { hasText: new RegExp(`^${name}$`) }).click();
    await page.waitForFunction(
      (wanted) => document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.operationName === wanted,
      name,
    );
  };
  const run = () => page.locator(".graphiql-execute-button").click();

  await page.goto(`${routerUrl}/graphql`);
  await page.locator(".graphiql-tab").nth(6).waitFor();
  seen.tabs = await page.locator(".graphiql-tab .graphiql-tab-button").allInnerTexts();

  // Sign in from the panel.
  await page.getByLabel("Show Sign in").click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.locator(".agora-sign-in button[type=submit]").click();
  seen.signedIn = await page.locator(".agora-signed-in").innerText();

  // Run the first example (Me) and look at its plan.
  await openTab("Me");
  await run();
  seen.me = await resultContaining('"displayName"');
  await page.getByLabel("Show Query plan").click();
  seen.plan = await page.getByTestId("query-plan").innerText();
  seen.planCaption = await page.locator(".agora-plan-of").innerText();
  await page.screenshot({ path: join(workDir, "graphiql.png") });

  // A subscription over graphql-transport-ws carries the token in connection_init.
  await openTab("UnreadCount");
  await run();
  seen.unread = await resultContaining('"unreadCountChanged"');
  await run(); // stops it

  // PlaceOrder's tab starts with its variables file; a closed example opens again from the
  // Examples panel, in a new tab.
  const editorText = (selector) =>
    page.evaluate((css) => document.querySelector(`${css} .CodeMirror`).CodeMirror.getValue(), selector);
  await openTab("PlaceOrder");
  seen.placeOrderVariables = JSON.parse(await editorText(".graphiql-editor-tool"));
  await openTab("SearchProducts"); // only the active tab can be closed
  const products = page.locator(".graphiql-tab", { hasText: /^SearchProducts/ });
  await products.getByLabel("Close Tab").click();
  await products.waitFor({ state: "detached" });
  await page.getByLabel("Show Examples").click();
  await page.locator(".agora-examples button", { hasText: /^SearchProducts$/ }).click();
  await page.waitForFunction(
    () => document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.operationName === "SearchProducts",
  );
  seen.tabsAfterReopening = await page.locator(".graphiql-tab .graphiql-tab-button").allInnerTexts();

  // The explorer plugin reads the schema GraphiQL fetched: Query's fields, beside Me.
  await openTab("Me");
  await page.getByLabel("Show GraphiQL Explorer").click();
  await page.locator(".graphiql-explorer-root").waitFor();
  seen.explorerFields = await page.locator(".graphiql-explorer-root").innerText();

  // An access token about to expire is renewed (refreshTokens) before the next request, and
  // the session outlives a reload of the page.
  const session = () => page.evaluate(() => JSON.parse(sessionStorage.getItem("agora:session")));
  const before = await session();
  await page.evaluate(() => {
    const expiring = JSON.parse(sessionStorage.getItem("agora:session"));
    sessionStorage.setItem("agora:session", JSON.stringify({ ...expiring, expiresAt: Date.now() }));
  });
  await page.reload();
  await openTab("Me");
  await run();
  seen.meAfterRenewal = await resultContaining('"displayName"');
  const after = await session();
  seen.renewed = after.accessToken !== before.accessToken && after.refreshToken !== before.refreshToken;
  seen.renewedFor = after.expiresAt - Date.now();

  // Signing out ends the session: requests go anonymous again.
  await page.getByLabel("Show Sign in").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.locator(".agora-sign-in").waitFor();
  await run();
  seen.meSignedOut = await resultContaining('"me": null');
  seen.sessionAfterSignOut = await session();
} catch (error) {
  seen.failure = String(error && error.stack ? error.stack : error);
  // What the page showed, for the report.
  seen.lastResult = await page
    ?.evaluate(() => document.querySelector(".graphiql-response .CodeMirror")?.CodeMirror.getValue())
    .catch(() => null);
  await page?.screenshot({ path: join(workDir, "failure.png") }).catch(() => null);
} finally {
  await context.close();
}
process.stdout.write(JSON.stringify(seen));
