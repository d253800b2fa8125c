// The hosted waiting page in the system Chromium (never a downloaded one), driven by playwright-core: opens
// WAIT_PAGE (served by the gateway), records every position the page shows until it lands on the checkout URL
// (CHECKOUT_PREFIX), reloads once while waiting (the page must resume its place, not join again), checks the page's
// accessibility basics and its Content-Security-Policy, and screenshots each phase into SCREENSHOT_DIR. With
// OPERATOR_PAGE set it then opens the operator's live view and pauses the queue from it.
// Prints one JSON line; exit code 0 only when everything behaved.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshots = process.env.SCREENSHOT_DIR || "target/browser-screenshots";
const checkoutPrefix = process.env.CHECKOUT_PREFIX;
mkdirSync(screenshots, { recursive: true });
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});

// Every interactive element has an accessible name, the position is announced (aria-live), the page has a language
// and a main landmark, and motion is off under prefers-reduced-motion.
function accessibility() {
  const controls = [...document.querySelectorAll("button, a[href], input, select, textarea")];
  const name = element => (element.getAttribute("aria-label") || (element.labels && [...element.labels].map(l => l.textContent).join(" "))
    || (element.getAttribute("aria-labelledby") || "").split(" ").map(id => document.getElementById(id)?.textContent || "").join(" ")
    || element.textContent || "").trim();
  const unlabelled = controls.filter(element => !name(element)).map(element => element.outerHTML.slice(0, 80));
  const progress = getComputedStyle(document.getElementById("progress"));
  return {
    controls: controls.length,
    unlabelled,
    liveRegions: document.querySelectorAll("[aria-live]").length,
    positionLive: document.getElementById("position").getAttribute("aria-live"),
    lang: document.documentElement.lang,
    main: document.querySelectorAll("main").length,
    reducedMotion: matchMedia("(prefers-reduced-motion: reduce)").matches,
    progressAnimation: progress.animationName,
    progressTransition: progress.transitionDuration,
  };
}

async function waitingPage() {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 }, reducedMotion: "reduce" });
  const page = await context.newPage();
  const console = [];
  page.on("console", message => console.push(`${message.type()}: ${message.text()}`));
  const result = { positions: [], console };
  try {
    const response = await page.goto(process.env.WAIT_PAGE, { waitUntil: "load", timeout: 30000 });
    result.csp = response.headers()["content-security-policy"] || null;
    const readPosition = async () => Number((await page.textContent("#position", { timeout: 5000 }).catch(() => "")) || NaN);
    // Until the first position shows.
    for (const deadline = Date.now() + 60000; Date.now() < deadline;) {
      const position = await readPosition();
      if (position > 0) { result.positions.push(position); break; }
      await sleep(100);
    }
    if (result.positions.length === 0) throw new Error(`no position shown: ${await page.textContent("main")}`);
    await page.screenshot({ path: join(screenshots, "waiting-page.png"), fullPage: true });
    result.accessibility = await page.evaluate(accessibility);
    // Keyboard: the first Tab stop is the visible "Leave the line" button.
    await page.keyboard.press("Tab");
    result.firstTabStop = await page.evaluate(() => document.activeElement && document.activeElement.id);
    const tokenBefore = await page.evaluate(() => Object.values(sessionStorage).join());
    await page.reload({ waitUntil: "load" });
    for (const deadline = Date.now() + 30000; Date.now() < deadline;) {
      const position = await readPosition();
      if (position > 0) { result.afterReload = position; break; }
      if (page.url().startsWith(checkoutPrefix)) break;
      await sleep(100);
    }
    const tokenAfter = await page.evaluate(() => Object.values(sessionStorage).join()).catch(() => null);
    result.sameSessionAfterReload = tokenAfter === null || JSON.parse(tokenBefore || "{}").queueId === JSON.parse(tokenAfter || "{}").queueId;
    // Watch the position fall until the page navigates to checkout.
    for (const deadline = Date.now() + 150000; Date.now() < deadline && !page.url().startsWith(checkoutPrefix);) {
      const position = await readPosition();
      if (position > 0 && position !== result.positions[result.positions.length - 1]) result.positions.push(position);
      await sleep(100);
    }
    result.finalUrl = page.url();
    if (!page.url().startsWith(checkoutPrefix)) throw new Error(`not redirected to checkout; page says: ${await page.textContent("main")}`);
    await page.waitForLoadState("load");
    await page.screenshot({ path: join(screenshots, "checkout.png"), fullPage: true });
    result.ok = true;
  } catch (error) {
    result.ok = false;
    result.error = String(error && error.message || error);
    await page.screenshot({ path: join(screenshots, "waiting-page-failure.png"), fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
  return result;
}

async function operatorPage() {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  const result = {};
  try {
    const response = await page.goto(process.env.OPERATOR_PAGE, { waitUntil: "load", timeout: 30000 });
    result.csp = response.headers()["content-security-policy"] || null;
    await page.waitForFunction(() => document.getElementById("admitted").textContent.trim() !== "—", null, { timeout: 30000 });
    result.counts = await page.evaluate(() => Object.fromEntries(["status", "waiting", "admitted", "completed", "rate", "clear"]
      .map(id => [id, document.getElementById(id).textContent.trim()])));
    result.accessibility = await page.evaluate(() => ({
      unlabelled: [...document.querySelectorAll("button, a[href], input, select")].filter(e => !(e.getAttribute("aria-label") || e.textContent).trim()).length,
      liveRegions: document.querySelectorAll("[aria-live]").length,
    }));
    await page.screenshot({ path: join(screenshots, "operator-page.png"), fullPage: true });
    await page.getByRole("button", { name: "Pause admissions" }).click();
    await page.waitForFunction(() => document.getElementById("status").textContent.includes("Paused"), null, { timeout: 30000 });
    result.pausedStatus = (await page.textContent("#status")).trim();
    await page.screenshot({ path: join(screenshots, "operator-paused.png"), fullPage: true });
    result.ok = true;
  } catch (error) {
    result.ok = false;
    result.error = String(error && error.message || error);
    await page.screenshot({ path: join(screenshots, "operator-failure.png"), fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
  return result;
}

let waiting;
let operator = null;
try {
  waiting = await waitingPage();
  if (process.env.OPERATOR_PAGE) operator = await operatorPage();
} finally {
  await browser.close();
}
const passed = waiting.ok === true && (operator === null || operator.ok === true);
process.stdout.write(JSON.stringify({ passed, waiting, operator }) + "\n");
process.exit(passed ? 0 : 1);
