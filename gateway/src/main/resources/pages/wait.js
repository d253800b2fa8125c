// The hosted waiting page (docs/pages.md, docs/adr/0015-hosted-pages.md). Same origin as the API, so no CORS.
// Journey: guest session → GET experience → route → enter the routed sequence's queue → live status (EventSource
// with a stream token, polling as the fallback) → on GRANTED hand the admission grant to the checkout URL.
// Tokens are kept in sessionStorage: a reload resumes from GET /consumers/me instead of joining again.
const params = new URLSearchParams(location.search);
const experienceId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
const publishableKey = params.get("pk");
// Validated by the server before it served this page: an https URL on the organization's allowed origins.
const checkout = params.get("checkout");
const storageKey = `dropline.wait.${experienceId}.${publishableKey}`;
const $ = id => document.getElementById(id);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
let state = JSON.parse(sessionStorage.getItem(storageKey) || "{}");
let stream = null;
let highest = 0;

function save() { sessionStorage.setItem(storageKey, JSON.stringify(state)); }
function text(id, value) { $(id).textContent = value; }

function theme(sequenceColor) {
  const hex = value => value && /^#?[0-9a-f]{3}([0-9a-f]{3})?$/i.test(value) ? (value.startsWith("#") ? value : `#${value}`) : null;
  const root = document.documentElement.style;
  const primary = hex(params.get("primary")) || hex(sequenceColor);
  if (primary) root.setProperty("--dl-primary", primary);
  if (hex(params.get("background"))) root.setProperty("--dl-background", hex(params.get("background")));
  if (hex(params.get("text"))) root.setProperty("--dl-text", hex(params.get("text")));
}

class Problem extends Error {
  constructor(status, body, retryAfter) {
    // The API's error envelope: {error: message, code, details, requestId, retryAfter}.
    super(body && typeof body.error === "string" ? body.error : `HTTP ${status}`);
    Object.assign(this, { status, code: body && body.code, retryAfter });
  }
}

async function api(method, path, body, { retry = true } = {}) {
  for (let attempt = 1; ; attempt++) {
    const headers = { "X-Publishable-Key": publishableKey };
    if (state.accessToken) headers.Authorization = `Bearer ${state.accessToken}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const raw = await response.text();
    const parsed = raw ? JSON.parse(raw) : null;
    const retryAfter = Number(response.headers.get("Retry-After")) || 0;
    if (response.ok) return parsed;
    if (response.status === 401 && state.refreshToken && attempt === 1 && path !== "/api/v1/auth/refresh") {
      await refresh();
      continue;
    }
    // Overload and outages say when to come back: wait that long (shown to the visitor), a bounded number of times.
    if (retry && (response.status === 503 || response.status === 429) && retryAfter > 0 && attempt < 20) {
      await countdown(retryAfter, "The waiting room is busy. Trying again in");
      continue;
    }
    throw new Problem(response.status, parsed, retryAfter);
  }
}

async function refresh() {
  try {
    const bundle = await api("POST", "/api/v1/auth/refresh", { refreshToken: state.refreshToken });
    Object.assign(state, { accessToken: bundle.accessToken, refreshToken: bundle.refreshToken });
  } catch (expired) {
    state = {};
  }
  save();
}

async function countdown(seconds, label) {
  const until = Date.now() + seconds * 1000;
  $("countdown").hidden = false;
  for (let left = seconds; left > 0; left = Math.ceil((until - Date.now()) / 1000)) {
    text("countdown", `${label} ${format(left)}.`);
    await sleep(Math.min(1000, until - Date.now()));
  }
  $("countdown").hidden = true;
  text("countdown", "");
}

function format(seconds) {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function fail(message, canRetry = true) {
  closeStream();
  $("progress").parentElement.classList.remove("busy");
  text("message", message);
  $("retry").hidden = !canRetry;
  $("leave").hidden = true;
}

async function session() {
  if (state.accessToken) return;
  const bundle = await api("POST", "/api/v1/auth/guest");
  state = { accessToken: bundle.accessToken, refreshToken: bundle.refreshToken };
  save();
}

// A reload: the consumer's active participations name the queue of this experience they wait in (or were granted).
async function resume() {
  if (!state.accessToken) return null;
  try {
    const me = await api("GET", "/api/v1/consumers/me");
    const queues = me && me.active && me.active.queues || {};
    return Object.values(queues).find(entry => entry.experienceId === experienceId) || null;
  } catch (problem) {
    if (problem.status === 401) { state = {}; save(); return null; }
    throw problem;
  }
}

async function join() {
  const experience = await api("GET", `/api/v1/experiences/${encodeURIComponent(experienceId)}`);
  text("title", experience.name);
  document.title = `${experience.name} — waiting room`;
  const routed = await api("POST", `/api/v1/experiences/${encodeURIComponent(experienceId)}/route`, {});
  if (routed.outcome !== "routed") {
    const gated = routed.outcome === "gated";
    fail(gated ? "This drop needs an access code or a signed-in account." : "This drop is not available to you.", false);
    return null;
  }
  theme(routed.selected.sequence.color);
  const sequence = experience.sequences.find(candidate => candidate.id === routed.selected.sequence.id);
  const queue = sequence && (sequence.queues.find(q => q.status === "OPEN") || sequence.queues.find(q => q.status === "PENDING"));
  if (!queue) { fail("This drop is closed.", false); return null; }
  for (;;) {
    try {
      return await api("POST", `/api/v1/queues/${queue.id}/enter`);
    } catch (problem) {
      if (problem.status === 423 && problem.retryAfter > 0) {
        text("phase", "The line is not open yet.");
        await countdown(problem.retryAfter, "It opens in");
        continue;
      }
      if (problem.code === "QUEUE_CLOSED") { fail("This line is closed.", false); return null; }
      if (problem.code === "GUEST_NOT_ALLOWED") { fail("Please sign in to join this line.", false); return null; }
      throw problem;
    }
  }
}

function show(status) {
  state.queueId = status.queueId || state.queueId;
  save();
  const bar = $("progress").parentElement;
  switch (status.status) {
    case "QUEUED": {
      highest = Math.max(highest, status.position);
      text("phase", "You are in line.");
      text("position", String(status.position));
      text("wait", status.estimatedWaitTimeInSeconds > 0 ? `about ${format(status.estimatedWaitTimeInSeconds)}` : "any moment now");
      bar.classList.remove("busy");
      $("progress").style.width = `${Math.round(100 * (1 - (status.position - 1) / Math.max(1, highest)))}%`;
      $("leave").hidden = false;
      return false;
    }
    case "GRANTED":
      admitted(status);
      return true;
    case "DENIED": fail(`You cannot continue (${status.reason || "denied"}).`, false); return true;
    case "LEFT": fail("You left the line.", true); state = {}; save(); return true;
    case "COMPLETED": fail("Your checkout is complete.", false); return true;
    default: return false;
  }
}

function admitted(status) {
  closeStream();
  text("phase", "It's your turn!");
  text("position", "Your turn");
  text("wait", status.expiresAt ? `Checkout is held for you until ${new Date(status.expiresAt).toLocaleTimeString()}` : "");
  $("progress").style.width = "100%";
  $("leave").hidden = true;
  if (!checkout) {
    text("message", "You are admitted. Show this page to the shop's staff or return to the shop.");
    return;
  }
  const target = new URL(checkout);
  target.searchParams.set("admissionGrant", status.admissionGrant);
  target.searchParams.set("queueId", status.queueId);
  $("continue").href = target.href;
  $("continue").hidden = false;
  location.assign(target.href);
}

function closeStream() { if (stream) { stream.close(); stream = null; } }

// Live: EventSource with a stream token (5 min; a fresh one on every reconnect). When the stream fails, poll,
// honouring Retry-After, and try the stream again later.
async function watch(queueId) {
  for (;;) {
    try {
      const minted = await api("POST", "/api/v1/stream-tokens", { path: `/api/v1/queues/${queueId}/status` });
      const done = await new Promise(resolve => {
        stream = new EventSource(minted.url);
        stream.addEventListener("status", event => { if (show(JSON.parse(event.data))) resolve(true); });
        stream.onerror = () => { if (stream && stream.readyState !== EventSource.OPEN) { closeStream(); resolve(false); } };
      });
      if (done) return;
    } catch (problem) {
      if (problem.status === 404) { fail("We lost your place in line. Please try again.", true); state = {}; save(); return; }
    }
    for (let polls = 0; polls < 5; polls++) {
      try {
        const status = await api("GET", `/api/v1/queues/${queueId}/status`, undefined, { retry: false });
        if (show(status)) return;
        await sleep(3000);
      } catch (problem) {
        await sleep(1000 * Math.max(problem.retryAfter || 0, 3));
      }
    }
  }
}

async function start() {
  $("retry").hidden = true;
  text("message", "");
  $("progress").parentElement.classList.add("busy");
  theme(null);
  try {
    if (!publishableKey) throw new Problem(400, { error: "This page needs a publishable key (?pk=)." });
    let status = await resume();
    if (!status) {
      await session();
      status = await join();
      if (!status) return;
    }
    if (show(status)) return;
    await watch(status.queueId);
  } catch (problem) {
    fail(problem.status === 404 ? "This drop does not exist." : `Something went wrong: ${problem.message}`, problem.status !== 404);
  }
}

$("retry").addEventListener("click", start);
$("leave").addEventListener("click", async () => {
  if (!state.queueId) return;
  try {
    show(await api("POST", `/api/v1/queues/${state.queueId}/leave`));
  } catch (problem) {
    fail(`Could not leave: ${problem.message}`, true);
  }
});
start();
