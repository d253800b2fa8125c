// The consumer SDK in a real browser: Debian's Chromium (never a downloaded one) driven by playwright-core opens a
// shop's page that imports dist/consumer.js with a plain <script type="module"> and runs guest session → routing →
// enter → live status over EventSource (stream token) → the grant hand-off → resume. The page is served by this script
// on a local port, which it puts on the tenant's allowed origins with the admin SDK. Prints one JSON line; exit 0
// only when the journey passed.
//
// Environment: DROPLINE_BASE_URL, DROPLINE_SECRET_KEY, DROPLINE_PUBLISHABLE_KEY, CHROMIUM (default
// /usr/bin/chromium), SCREENSHOT_DIR (default target/browser-screenshots).
import { createServer } from "node:http";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { DroplineAdmin } from "../dist/admin.js";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const baseUrl = process.env.DROPLINE_BASE_URL;
const publishableKey = process.env.DROPLINE_PUBLISHABLE_KEY;
const screenshots = process.env.SCREENSHOT_DIR || "target/browser-screenshots";
mkdirSync(screenshots, { recursive: true });

const server = createServer((request, response) => {
  const path = new URL(request.url, "http://localhost").pathname;
  if (path === "/shop.html") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(readFileSync(join(here, "page.html")));
    return;
  }
  const file = normalize(join(dist, path.replace(/^\/dist\//, "")));
  if (path.startsWith("/dist/") && file.startsWith(dist) && file.endsWith(".js")) {
    try {
      response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      response.end(readFileSync(file));
      return;
    } catch {
      // falls through to 404
    }
  }
  response.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const admin = new DroplineAdmin({ secretKey: process.env.DROPLINE_SECRET_KEY, baseUrl });
const current = await admin.settings.allowedOrigins.get();
await admin.settings.allowedOrigins.set({ origins: [...(current.origins ?? []), origin] });
const experience = await admin.experiences.create({
  name: "Browser SDK drop",
  sequence: { name: "General", queues: [{ name: "Line", admitRate: 60, admissionExpirationSeconds: 600 }] },
});
const queueId = experience.distributions[0].id;
const page = `${origin}/shop.html?gateway=${encodeURIComponent(baseUrl)}&pk=${publishableKey}&experience=${experience.id}&queue=${queueId}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
let result;
const console = [];
try {
  const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
  const tab = await context.newPage();
  tab.on("console", (message) => console.push(`${message.type()}: ${message.text()}`));
  await tab.goto(page, { waitUntil: "load", timeout: 30_000 });
  await tab.waitForFunction(() => window.__sdkResult !== undefined, null, { timeout: 120_000 });
  result = await tab.evaluate(() => window.__sdkResult);
  await tab.screenshot({ path: join(screenshots, "sdk-consumer.png"), fullPage: true });
  // The gateway's Swagger UI renders the documents under its CSP (no CDN, no inline script).
  const docs = await context.newPage();
  const docsConsole = [];
  docs.on("console", (message) => docsConsole.push(`${message.type()}: ${message.text()}`));
  await docs.setViewportSize({ width: 1200, height: 900 });
  await docs.goto(`${baseUrl}/openapi/`, { waitUntil: "load", timeout: 30_000 });
  await docs.waitForSelector(".swagger-ui .opblock", { timeout: 60_000 });
  result.swaggerUi = {
    title: await docs.textContent(".swagger-ui .info .title"),
    operations: await docs.locator(".swagger-ui .opblock").count(),
    cspErrors: docsConsole.filter((line) => line.includes("Content Security Policy")),
  };
  await docs.screenshot({ path: join(screenshots, "swagger-ui.png") });
} finally {
  await browser.close();
  server.close();
}
const passed = result.ok === true && result.guest === "guest" && result.route === "routed"
  && result.statuses.at(-1) === "GRANTED" && result.modes.includes("stream")
  && new URL(result.checkout).searchParams.get("queueId") === queueId && result.resumed === true
  && result.swaggerUi?.operations > 0 && result.swaggerUi.cspErrors.length === 0;
process.stdout.write(JSON.stringify({ passed, result, console }) + "\n");
process.exit(passed ? 0 : 1);
