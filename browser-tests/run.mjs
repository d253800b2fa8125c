// Drives the system Chromium (never a downloaded one) through playwright-core: opens the consumer page from an
// allowed origin (must complete the whole journey, EventSource included) and from a disallowed one (the browser
// must refuse the first call), screenshots both, and prints one JSON line with what each page saw.
//
// Environment: ALLOWED_PAGE, DISALLOWED_PAGE (full page URLs, query included), SCREENSHOT_DIR,
// CHROMIUM (default /usr/bin/chromium). Exit code 0 only when both pages behaved as expected.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshots = process.env.SCREENSHOT_DIR || "target/browser-screenshots";
mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});

async function visit(url, name) {
  const context = await browser.newContext({ viewport: { width: 900, height: 640 } });
  const page = await context.newPage();
  const console = [];
  page.on("console", message => console.push(`${message.type()}: ${message.text()}`));
  try {
    await page.goto(url, { waitUntil: "load", timeout: 30000 });
    await page.waitForFunction(() => window.__droplineResult !== undefined, null, { timeout: 120000 });
    const result = await page.evaluate(() => window.__droplineResult);
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    return { ...result, console };
  } finally {
    await context.close();
  }
}

let allowed;
let disallowed;
try {
  allowed = await visit(process.env.ALLOWED_PAGE, "allowed-origin");
  disallowed = await visit(process.env.DISALLOWED_PAGE, "disallowed-origin");
} finally {
  await browser.close();
}
const passed = allowed.ok === true && disallowed.ok === false;
process.stdout.write(JSON.stringify({ passed, allowed, disallowed }) + "\n");
process.exit(passed ? 0 : 1);
