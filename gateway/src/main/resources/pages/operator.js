// The operator's live view of one queue (docs/pages.md, docs/adr/0015-hosted-pages.md). It never sees the secret
// key: the merchant's server asks POST /api/v1/operator-sessions and opens /operator/queues/{id}#token=dlop_…; the
// token (15 minutes, this queue only) moves from the fragment to sessionStorage and off the address bar.
const queueId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[2] || "");
const storageKey = `dropline.operator.${queueId}`;
const $ = id => document.getElementById(id);
const fromFragment = new URLSearchParams(location.hash.slice(1)).get("token");
let state = JSON.parse(sessionStorage.getItem(storageKey) || "{}");
if (fromFragment) {
  state.token = fromFragment;
  history.replaceState(null, "", location.pathname);
}
const save = () => sessionStorage.setItem(storageKey, JSON.stringify(state));
save();
let queue = null;
let metrics = null;
let previous = null;

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${state.token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const raw = await response.text();
  const parsed = raw ? JSON.parse(raw) : null;
  if (!response.ok) {
    const error = new Error(parsed && typeof parsed.error === "string" ? parsed.error : `HTTP ${response.status}`);
    error.status = response.status;
    error.retryAfter = Number(response.headers.get("Retry-After")) || 0;
    throw error;
  }
  return parsed;
}

function duration(seconds) {
  if (!isFinite(seconds)) return "—";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// Paused = the admission cap this view set (the engine admits nobody beyond maxAdmissions), still in force.
const paused = () => queue && state.pausedAt !== undefined && queue.maxAdmissions === state.pausedAt;

function render() {
  $("title").textContent = queue.name;
  document.title = `${queue.name} — operator view`;
  const status = queue.status === "OPEN" && paused() ? "Paused" : { OPEN: "Open", SCHEDULED: "Scheduled", CLOSED: "Closed" }[queue.status] || queue.status;
  $("status").textContent = status;
  $("waiting").textContent = String(metrics.waiting);
  $("admitted").textContent = String(metrics.admitted);
  $("completed").textContent = String(metrics.completed);
  // Observed admissions per minute between two refreshes; the configured rate until there are two.
  const now = Date.now();
  let observed = null;
  if (previous && now > previous.at) observed = Math.max(0, (metrics.admitted - previous.admitted) * 60000 / (now - previous.at));
  previous = { at: now, admitted: metrics.admitted };
  const rate = status === "Open" ? queue.admitRate : 0;
  $("rate").textContent = observed === null ? `${rate}/min` : `${Math.round(observed)}/min (set: ${queue.admitRate}/min)`;
  $("clear").textContent = metrics.waiting === 0 ? "clear" : rate > 0 ? duration(metrics.waiting * 60 / rate) : "not admitting";
  $("open").hidden = queue.status !== "SCHEDULED";
  $("pause").hidden = queue.status !== "OPEN" || paused();
  $("resume").hidden = queue.status !== "OPEN" || !paused();
  $("close").hidden = queue.status === "CLOSED";
  if (queue.status === "CLOSED") $("close-confirm").hidden = true;
}

async function refresh() {
  try {
    queue = await api("GET", `/api/v1/queues/${queueId}`);
    metrics = await api("GET", `/api/v1/sequences/${queue.sequenceId}/metrics`);
    render();
    if ($("message").dataset.kind === "stale") $("message").textContent = "";
  } catch (error) {
    $("message").dataset.kind = error.status === 401 ? "expired" : "stale";
    $("message").textContent = error.status === 401
      ? "This operator session has expired: open the view again from your dashboard."
      : `Could not refresh (${error.message}); retrying.`;
    if (error.status === 401) return;
  }
  setTimeout(refresh, 2000);
}

async function act(body, after) {
  try {
    queue = await api("PUT", `/api/v1/queues/${queueId}`, body);
    after && after();
    save();
    render();
    $("message").textContent = "";
  } catch (error) {
    $("message").textContent = `Not done: ${error.message}`;
  }
}

$("open").addEventListener("click", () => act({ openAt: new Date().toISOString() }));
$("pause").addEventListener("click", () => {
  // The engine stops granting once maxAdmissions grants were made; the cap is put at what is admitted so far (at
  // least 1, the smallest cap it accepts) and the merchant's own cap is kept here to restore on resume.
  const cap = Math.max(1, metrics.admitted);
  const before = queue.maxAdmissions;
  act({ maxAdmissions: cap }, () => { state.pausedAt = cap; state.capBeforePause = before; });
});
$("resume").addEventListener("click", () => act({ maxAdmissions: state.capBeforePause ?? null },
  () => { delete state.pausedAt; delete state.capBeforePause; }));
$("close").addEventListener("click", () => { $("close-confirm").hidden = false; $("close-confirm").focus(); });
$("close-confirm").addEventListener("click", () => act({ statusOverride: "ended" }, () => { $("close-confirm").hidden = true; }));

if (!state.token) {
  $("message").textContent = "No operator session: your server obtains one with POST /api/v1/operator-sessions.";
} else {
  refresh();
}
