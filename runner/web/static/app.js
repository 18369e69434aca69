// The runner's web page: a snapshot and the event stream over server-sent events, and the
// operator's actions as POSTs. Plain DOM and SVG; every value goes in as text, never HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const MAX_EVENTS = 300;
const state = { curve: [], source: null, bots: new Set(), confirmTimer: null };
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function signed(x) {
  return (x > 0 ? "+" : "") + money.format(x);
}

function setSigned(el, x) {
  el.textContent = signed(x);
  el.className = x > 0 ? "pos" : x < 0 ? "neg" : "";
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function isoTime(ms) {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

// ---------------------------------------------------------------- access
async function start() {
  const operator = localStorage.getItem("runner-operator") || "browser";
  $("operator").value = operator;
  $("operator").addEventListener("change", () =>
    localStorage.setItem("runner-operator", $("operator").value.trim() || "browser"));
  const fragment = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fragment) {  // #token=... : traded for the cookie, then dropped from the address bar
    history.replaceState(null, "", location.pathname);
    await login(fragment);
  }
  const probe = await fetch("/api/snapshot", { credentials: "same-origin" });
  if (probe.status === 401) {
    $("login").hidden = false;
    return;
  }
  open();
}

async function login(token) {
  const r = await fetch("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
    credentials: "same-origin",
  });
  return r.ok;
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (await login($("token").value.trim())) {
    $("login").hidden = true;
    open();
  } else {
    $("login-error").textContent = "wrong token";
  }
});

// ---------------------------------------------------------------- the stream
function open() {
  $("main").hidden = false;
  $("kill").disabled = false;
  const source = new EventSource("/api/stream");
  state.source = source;
  source.onopen = () => link("live", "live");
  source.onerror = () => link("down", source.readyState === EventSource.CLOSED ? "closed" : "reconnecting…");
  source.addEventListener("snapshot", (m) => render(JSON.parse(m.data)));
  source.addEventListener("event", (m) => onEvent(JSON.parse(m.data)));
  source.addEventListener("dropped", (m) => addLine("dropped", "", `${m.data} events not shown (the page fell behind)`));
  source.addEventListener("closed", () => {
    link("down", "runner stopped");
    source.close();
  });
  refreshJournal();
}

function link(cls, text) {
  $("link").className = "link " + cls;
  $("link").textContent = text;
}

function onEvent(msg) {
  const rec = msg.log;
  const { time, event, bot, ...rest } = rec;
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(" ");
  addLine(event, bot, fields, time);
  const delay = Date.now() - msg.at;
  $("delay").textContent = `last event shown ${delay.toFixed(0)} ms after it happened`;
  if (window.runnerDelays) window.runnerDelays.push(delay);  // set by bench/bench_web.py
  if (event === "operator_action") refreshJournal();
}

function addLine(kind, bot, text, time) {
  const li = el("li");
  li.dataset.kind = kind;
  if (bot) li.dataset.bot = bot;
  li.append(el("span", time ? time.slice(11, 19) + " " : ""), el("span", kind, "kind"),
    el("span", bot ? ` ${bot} ` : " "), el("span", text));
  const list = $("events");
  list.prepend(li);
  while (list.children.length > MAX_EVENTS) list.lastChild.remove();
}

// ---------------------------------------------------------------- the snapshot
function render(snap) {
  const p = snap.portfolio;
  $("equity").textContent = money.format(p.equity);
  setSigned($("pnl"), p.pnl);
  setSigned($("pnl-today"), p.pnl_today);
  $("drawdown").textContent = `${money.format(p.drawdown)} (${p.drawdown_pct.toFixed(2)}%)`;
  $("market-time").textContent = snap.ts ? isoTime(snap.ts) : "–";
  const stopping = $("stopping");
  stopping.hidden = !snap.stopping;
  stopping.textContent = snap.stopping ? `stopping: ${snap.stopping}` : "";
  mergeCurve(snap.curve);
  drawCurve();
  renderBots(snap.bots);
}

function mergeCurve(points) {
  if (!points.length) return;
  const first = points[0][0];
  while (state.curve.length && state.curve[state.curve.length - 1][0] >= first) state.curve.pop();
  state.curve.push(...points);
  if (state.curve.length > 3000) state.curve = state.curve.filter((_, i) => i % 2 === 0);
}

function drawCurve() {
  const pts = state.curve;
  if (!pts.length) return;
  const t0 = pts[0][0], t1 = pts[pts.length - 1][0];
  let lo = Infinity, hi = -Infinity;
  for (const [, v] of pts) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const pad = (hi - lo) * 0.05 || 1;
  lo -= pad; hi += pad;
  const x = (t) => (t1 > t0 ? ((t - t0) / (t1 - t0)) * 800 : 800);
  const y = (v) => 180 - ((v - lo) / (hi - lo)) * 180;
  $("curve").setAttribute("points", pts.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" "));
  $("chart-low").textContent = money.format(lo + pad);
  $("chart-high").textContent = money.format(hi - pad);
  $("chart-span").textContent = `${isoTime(t0)} → ${isoTime(t1)}`;
}

function renderBots(bots) {
  const body = $("bots").tBodies[0];
  const seen = new Set();
  for (const b of bots) {
    seen.add(b.bot);
    let row = body.querySelector(`tr[data-bot="${CSS.escape(b.bot)}"]`);
    if (!row) row = newRow(body, b.bot);
    const c = row.cells;
    c[1].replaceChildren(el("span", b.state, "state-" + b.state.split(" ")[0]));
    if (b.paused) c[1].append(el("span", "paused", "badge paused"));
    if (b.halted) c[1].append(el("span", "halted", "badge"));
    if (b.entries_held) c[1].append(el("span", "entries held", "badge"));
    c[2].textContent = b.feed || "";
    c[3].textContent = b.broker || "";
    const held = Object.entries(b.position).filter(([, q]) => q);
    c[4].textContent = held.length ? held.map(([s, q]) => `${s} ${q > 0 ? "+" : ""}${q}`).join(" ") : "flat";
    c[4].dataset.flat = held.length ? "no" : "yes";
    c[5].replaceChildren(...b.orders.map((o) =>
      el("span", `${o.role} ${o.side} ${o.qty} ${o.symbol} ${o.type}${o.price != null ? " @ " + o.price : ""}`, "order")));
    c[5].dataset.count = String(b.orders.length);
    c[6].textContent = b.last_signal || "–";
    c[7].textContent = String(b.fills);
    setSigned(c[8], b.pnl);
    setSigned(c[9], b.pnl_today);
    c[8].classList.add("num"); c[9].classList.add("num"); c[7].className = "num fills";
    row.querySelector("button.pause").hidden = b.paused;
    row.querySelector("button.resume").hidden = !b.paused;
    row.dataset.paused = b.paused ? "yes" : "no";
  }
  for (const row of [...body.rows]) if (!seen.has(row.dataset.bot)) row.remove();
}

function newRow(body, name) {
  const row = body.insertRow();
  row.dataset.bot = name;
  for (let i = 0; i < 11; i++) row.insertCell();
  row.cells[0].textContent = name;
  row.cells[4].className = "position";
  row.cells[5].className = "orders";
  const actions = row.cells[10];
  actions.className = "actions";
  for (const [cls, label] of [["pause", "Pause"], ["resume", "Resume"], ["flatten", "Flatten"]]) {
    const b = el("button", label, cls);
    b.type = "button";
    b.addEventListener("click", () => botAction(name, cls, b));
    actions.append(b);
  }
  return row;
}

// ---------------------------------------------------------------- actions
function actionHeaders() {
  return {
    "content-type": "application/json",
    "x-runner-action": "web",
    "x-operator": ($("operator").value || "browser").trim(),
  };
}

async function botAction(bot, action, button) {
  button.disabled = true;
  try {
    const r = await fetch(`/api/bots/${encodeURIComponent(bot)}/${action}`, {
      method: "POST", headers: actionHeaders(), body: "{}", credentials: "same-origin",
    });
    const body = await r.json();
    addLine("operator_reply", bot, body.result || body.error || r.status);
  } finally {
    button.disabled = false;
    refreshJournal();
  }
}

$("kill").addEventListener("click", async () => {
  const r = await fetch("/api/flatten-all", {
    method: "POST", headers: actionHeaders(), body: "{}", credentials: "same-origin",
  });
  const body = await r.json();
  if (r.status !== 409 || !body.confirm) {
    addLine("operator_reply", "", body.error || JSON.stringify(body));
    return;
  }
  const held = Object.entries(body.positions);
  $("confirm-held").textContent = held.length
    ? "Holding now: " + held.map(([b, pos]) =>
      `${b} ${Object.entries(pos).map(([s, q]) => `${s} ${q > 0 ? "+" : ""}${q}`).join(" ")}`).join("; ")
    : "No bot holds a position now.";
  const dialog = $("confirm");
  dialog.dataset.code = body.confirm;
  dialog.hidden = false;
  let left = Math.floor(body.expires_s);
  $("confirm-left").textContent = String(left);
  clearInterval(state.confirmTimer);
  state.confirmTimer = setInterval(() => {
    left -= 1;
    $("confirm-left").textContent = String(Math.max(0, left));
    if (left <= 0) closeConfirm();
  }, 1000);
});

function closeConfirm() {
  clearInterval(state.confirmTimer);
  $("confirm").hidden = true;
  delete $("confirm").dataset.code;
}

$("confirm-no").addEventListener("click", closeConfirm);
$("confirm-yes").addEventListener("click", async () => {
  const code = $("confirm").dataset.code;
  closeConfirm();
  const r = await fetch("/api/flatten-all", {
    method: "POST", headers: actionHeaders(), body: JSON.stringify({ confirm: code }),
    credentials: "same-origin",
  });
  const body = await r.json();
  addLine("operator_reply", "", body.result || body.error || r.status);
  refreshJournal();
});

async function refreshJournal() {
  const r = await fetch("/api/journal", { credentials: "same-origin" });
  if (!r.ok) return;
  const { actions } = await r.json();
  const list = $("journal");
  list.replaceChildren(...actions.reverse().map((a) => {
    const li = el("li");
    li.dataset.action = a.action;
    li.dataset.bot = a.bot;
    li.dataset.ok = a.ok ? "yes" : "no";
    li.title = a.result;
    li.append(el("span", isoTime(a.ts / 1e6) + " "), el("span", a.action, "kind"),
      el("span", ` ${a.bot === "*" ? "all" : a.bot} by ${a.who} (${a.via}, ${a.origin}): `),
      el("span", a.result, a.ok ? "" : "neg"));
    return li;
  }));
}

start();
