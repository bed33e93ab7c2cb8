// Keyport's page: the daemon's REST API, in a browser. No framework and no build step: the page is a handful of views
// over the same endpoints the CLI uses. Every text from the daemon is put into the page as text (textContent), never
// as markup, so a session named "<img onerror=...>" stays a name.
//
// Signing in: `keyport ui` opens /ui/#code=ONE-TIME-CODE. The code is exchanged once for an HttpOnly cookie (set by
// the daemon) and a CSRF token, kept in this tab's sessionStorage (per origin, port included) and sent with every
// request in X-Keyport-CSRF. The token is taken up again only when this tab reloads or goes back: a page that opens
// Keyport in a pop-up (which gets a copy of the opener's sessionStorage) finds it signed out.

const CSRF_KEY = "keyport.csrf";
const THEME_KEY = "keyport.theme";
const $ = (id) => document.getElementById(id);

let csrf = sessionStorage.getItem(CSRF_KEY);
let sessions = [];
let providers = [];
let editing = null; // id of the session the form edits, or null when it adds one
const busy = new Set(); // session ids with a request under way

class ApiError extends Error {
  constructor(status, detail, type) {
    super(detail);
    this.status = status;
    this.type = type || "";
  }
}

/** Builds an element: h("p", {class: "x"}, "text", child). Attributes are set as attributes, text as text. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(method, path, body) {
  const headers = { "X-Keyport-CSRF": csrf || "" };
  const init = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get("Content-Type") || "";
  const data = response.status === 204 ? null : type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const error = new ApiError(response.status, (data && data.detail) || response.statusText, data && data.type);
    if (response.status === 403 && error.type.endsWith(":web-origin") && error.message.includes("keyport ui")) {
      signedOut(error.message);
    }
    throw error;
  }
  return data;
}

function say(text, bad) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("bad", Boolean(bad));
}

// ---- signing in --------------------------------------------------------------------------------------------------

async function signIn() {
  const match = /^#code=([A-Za-z0-9_-]{20,100})$/.exec(location.hash);
  if (match) {
    // The code leaves the address bar at once (the browser's history keeps the visit; the code works only once).
    history.replaceState(null, "", location.pathname + "#sessions");
    const response = await fetch("/api/v1/ui/sign-in", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: match[1] }),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      signedOut((data && data.detail) || "This link did not work.");
      return false;
    }
    csrf = data.csrfToken;
    sessionStorage.setItem(CSRF_KEY, csrf);
  }
  else {
    const navigation = performance.getEntriesByType("navigation")[0];
    if (!navigation || (navigation.type !== "reload" && navigation.type !== "back_forward")) csrf = null;
  }
  if (!csrf) {
    signedOut("This page needs a fresh link from Keyport.");
    return false;
  }
  return true;
}

function signedOut(reason) {
  csrf = null;
  sessionStorage.removeItem(CSRF_KEY);
  stopEvents();
  $("signin-reason").textContent = reason;
  $("nav").hidden = true;
  $("sign-out").hidden = true;
  show("signin");
}

async function signOut() {
  try {
    await api("POST", "/api/v1/ui/sign-out");
  } catch (e) {
    // signed out either way
  }
  signedOut("You signed out. Run keyport ui to open the page again.");
}

// ---- views -------------------------------------------------------------------------------------------------------

const VIEWS = ["loading", "signin", "sessions", "form", "discover", "providers", "health"];
const TITLES = { sessions: "Sessions", form: "Add a session", discover: "Discover roles", providers: "Providers",
  health: "Health", signin: "Sign in" };
let nextStatus = null; // a message for the view about to be shown (what the last action did)
let shown = null;

function show(name) {
  const changed = shown !== name;
  shown = name;
  for (const v of VIEWS) $("view-" + v).hidden = v !== name;
  document.title = (name === "form" && editing ? "Edit a session" : TITLES[name] || "Keyport")
    + (name === "loading" ? "" : " — Keyport");
  const heading = $("view-" + name).querySelector("h1");
  if (changed && heading && heading.id && document.body.dataset.ready === "true") focusHeading(heading.id);
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === name && !(name === "form" && editing)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function route() {
  if (!csrf) return;
  const hash = location.hash || "#sessions";
  say(nextStatus || "");
  nextStatus = null;
  // Secrets pasted into a view do not stay behind when the person moves on.
  $("d-assertion").value = "";
  $("assertion-text").value = "";
  if (hash.startsWith("#edit/")) return openForm(decodeURIComponent(hash.slice(6)));
  switch (hash) {
    case "#add": return openForm(null);
    case "#discover": show("discover"); return;
    case "#providers": return showProviders();
    case "#health": return showHealth();
    default: show("sessions"); return loadSessions();
  }
}

function focusHeading(id) {
  const heading = $(id);
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: false });
}

// ---- sessions ----------------------------------------------------------------------------------------------------

async function loadSessions() {
  try {
    sessions = await api("GET", "/api/v1/sessions");
    renderSessions();
  } catch (e) {
    if (csrf) say("Could not list the sessions: " + e.message, true);
  }
}

function account(arn) {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(arn || "");
  return m ? { account: m[1], role: m[2] } : { account: "", role: arn || "" };
}

function left(expiresAt) {
  if (!expiresAt) return "";
  const s = Math.floor((Date.parse(expiresAt) - Date.now()) / 1000);
  if (s <= 0) return "expired";
  const hours = Math.floor(s / 3600), minutes = Math.floor((s % 3600) / 60), seconds = s % 60;
  return (hours ? hours + " h " : "") + (hours || minutes ? minutes + " min " : "") + seconds + " s left";
}

function tick() {
  for (const el of document.querySelectorAll("[data-expires]")) el.textContent = left(el.dataset.expires);
}

function renderSessions() {
  const list = $("session-list");
  const focused = document.activeElement && document.activeElement.id;
  // What the person is typing (an answer to a sign-in's question) survives the cards being drawn again.
  // Only into the same question: an answer never moves on to the next one (a password into a code's field).
  const typed = new Map([...list.querySelectorAll("[data-question]")].map((el) => [el.dataset.question, el.value]));
  list.replaceChildren(...sessions.map(sessionCard));
  for (const el of list.querySelectorAll("[data-question]")) {
    if (typed.has(el.dataset.question)) el.value = typed.get(el.dataset.question);
  }
  $("no-sessions").hidden = sessions.length > 0;
  $("stop-all").hidden = !sessions.some((s) => s.status === "ACTIVE" || s.status === "PENDING");
  if (focused && $(focused)) $(focused).focus();
  tick();
}

function sessionCard(s) {
  const { account: acct, role } = account(s.roleArn);
  const id = s.id;
  const provider = providers.find((p) => p.id === s.providerId);
  const active = s.status === "ACTIVE";
  const pending = s.status === "PENDING" || busy.has(id);
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "Profile"), h("dd", { class: "mono" }, s.profileName),
    h("dt", {}, "Region"), h("dd", {}, s.region || "—"),
    h("dt", {}, "Provider"), h("dd", {}, s.parentSession ? "chained from " + parentAlias(s.parentSession)
      : provider ? provider.displayName : s.providerId || "—"),
    h("dt", {}, "Account"), h("dd", { class: "mono" }, acct || "—"),
    h("dt", {}, "Role"), h("dd", { class: "mono" }, role),
    h("dt", {}, "Delivery"), h("dd", {}, delivery(s)),
    active && s.identityArn ? [h("dt", {}, "Signed in as"), h("dd", { class: "mono" }, s.identityArn)] : null,
    active ? [h("dt", {}, "Expires"), h("dd", {},
      h("span", { class: "countdown", role: "timer", "data-expires": s.expiresAt, id: "left-" + id }, left(s.expiresAt)))]
      : null);
  const notes = [];
  if (s.statusDetail && !s.challenge && (pending || s.status !== "ACTIVE")) {
    notes.push(h("p", { class: "note" }, s.statusDetail));
  }
  if (s.lastError && s.status !== "ACTIVE") notes.push(h("p", { class: "note bad" }, s.lastError));
  for (const w of s.warnings || []) notes.push(h("p", { class: "note" }, w));
  return h("li", { class: "card", id: "session-" + id, "aria-labelledby": "title-" + id, "data-alias": s.alias },
    h("div", { class: "card-head" },
      h("h2", { id: "title-" + id }, s.alias),
      h("span", { class: "badge " + s.status, id: "state-" + id }, label(s.status))),
    facts, notes,
    s.challenge ? challengeForm(s) : null,
    actions(s, active, pending),
    active ? copyLines(s) : null);
}

function parentAlias(parentId) {
  const parent = sessions.find((p) => p.id === parentId);
  return parent ? parent.alias : parentId;
}

function label(status) {
  return { ACTIVE: "Active", PENDING: "Starting", INACTIVE: "Stopped", EXPIRED: "Expired", FAILED: "Failed" }[status]
    || status;
}

function delivery(s) {
  const how = s.delivery === "CREDENTIAL_PROCESS" ? "credential_process" : "credentials file";
  const where = (s.deliveredTo || []).join("; ");
  return where ? how + " — " + where : how;
}

function actions(s, active, pending) {
  const id = s.id;
  // Each button says which session it acts on to a screen reader ("Stop acme-prod"), and shows the verb.
  const button = (key, text, handler, extra) => h("button", Object.assign({
    type: "button", id: key + "-" + id, "aria-label": text + " " + s.alias, disabled: pending && !extra?.always,
    onclick: handler }, extra && extra.attrs), text);
  return h("div", { class: "actions", role: "group", "aria-label": "Actions for " + s.alias },
    !active && s.status !== "PENDING" ? button("start", "Start", () => lifecycle(s, "start"), { attrs: { class: "primary" } }) : null,
    !active && s.status !== "PENDING" && !s.parentSession ? button("start-with-assertion", "Start with assertion", () => askAssertion(s)) : null,
    active || s.status === "PENDING" ? button("stop", "Stop", () => lifecycle(s, "stop"), { always: true }) : null,
    active ? button("refresh", "Refresh", () => lifecycle(s, "refresh"), {
      attrs: { title: "Get new credentials now (Keyport also refreshes them by itself before they expire)" } }) : null,
    active ? button("console", "Console", () => openConsole(s), { attrs: { title: "Open the AWS console as this session" } }) : null,
    !s.parentSession ? button("logout", "Forget IdP sign-in", () => lifecycle(s, "logout"), {
      attrs: { title: "The next start asks you to sign in at the identity provider again" } }) : null,
    button("edit", "Edit", () => { location.hash = "#edit/" + encodeURIComponent(id); }),
    button("delete", "Delete", () => remove(s), { attrs: { class: "danger" } }));
}

function copyLines(s) {
  const exportLines = "export AWS_PROFILE=" + shellWord(s.profileName)
    + (s.region ? "\nexport AWS_REGION=" + shellWord(s.region) : "");
  const exec = "keyport exec " + shellWord(s.alias) + " -- aws sts get-caller-identity";
  return h("div", { class: "copies" },
    copyRow("Use in a shell", exportLines, "export-" + s.id, "Copy the shell lines for " + s.alias),
    copyRow("Run a command with it", exec, "exec-" + s.id, "Copy the keyport exec command for " + s.alias));
}

function shellWord(value) {
  return /^[A-Za-z0-9_.,:@%+=\/-]+$/.test(value) ? value : "'" + value.replace(/'/g, "'\\''") + "'";
}

function copyRow(title, text, id, name) {
  const code = h("code", { id: "text-" + id }, text);
  return h("div", { class: "field" },
    h("span", { class: "muted", id: "label-" + id }, title),
    h("div", { class: "copy" }, code,
      h("button", { type: "button", id: "copy-" + id, "aria-label": name, onclick: () => copy(text, code) }, "Copy")));
}

async function copy(text, code) {
  try {
    await navigator.clipboard.writeText(text);
    say("Copied.");
  } catch (e) {
    // No clipboard permission: select the text so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say("Selected: press Ctrl+C to copy.");
  }
}

async function lifecycle(s, action, body) {
  const pressed = document.activeElement && document.activeElement.id;
  const verbs = { start: "Starting", stop: "Stopping", refresh: "Refreshing", logout: "Forgetting the IdP sign-in of" };
  busy.add(s.id);
  renderSessions();
  const signingIn = action === "start" && !body && !s.parentSession;
  say(verbs[action] + " " + s.alias + (!signingIn ? "…" : s.loginFlow === "HEADLESS"
    ? "… the identity provider's questions show on the card." : "… if a browser window opens, sign in there."));
  try {
    const view = await api("POST", "/api/v1/sessions/" + encodeURIComponent(s.id) + "/" + action, body);
    const done = { start: "started", stop: "stopped", refresh: "has new credentials",
      logout: "will ask you to sign in at the identity provider next time" };
    // What else happened, as the CLI says it: what a stop withdrew, what a start had to do (another session
    // stopped because it shared the profile, a shorter duration than asked).
    const more = action === "stop" ? (view.withdrawn || []).join("; ") : (view.warnings || []).join(" ");
    say(s.alias + " " + done[action] + (more ? ": " + more : "."));
    replace(view);
  } catch (e) {
    say(s.alias + ": " + e.message, true);
    // A profile of the same name that Keyport did not write: replace it only when the person says so.
    if (action === "start" && e.status === 409 && e.message.includes("replaceProfile")
        && await confirm("Replace profile " + s.profileName + "?", e.message + " Keyport keeps a backup copy.", "Replace")) {
      busy.delete(s.id);
      return lifecycle(s, "start", Object.assign({}, body || {}, { replaceProfile: true }));
    }
  } finally {
    busy.delete(s.id);
    await loadSessions();
    refocus(s.id, pressed);
  }
}

/** After an action, the keyboard stays on the session's card: its first button, else its title. */
function refocus(id, pressed) {
  if (document.activeElement && document.activeElement !== document.body) return;
  // The button pressed, if it is still there (Refresh stays on Refresh: a second Enter must not stop the session).
  if (pressed && $(pressed) && !$(pressed).disabled) {
    $(pressed).focus();
    return;
  }
  const card = $("session-" + id);
  const target = card && (card.querySelector("button:not([disabled])") || card.querySelector("h2"));
  if (target) {
    if (target.tagName === "H2") target.setAttribute("tabindex", "-1");
    target.focus();
  } else {
    focusHeading("sessions-title");
  }
}

function replace(view) {
  if (!view || !view.id) return;
  const i = sessions.findIndex((x) => x.id === view.id);
  if (i >= 0) sessions[i] = Object.assign({}, sessions[i], view);
}

let assertionFor = null;

function askAssertion(s) {
  assertionFor = s;
  $("assertion-title").textContent = "Start " + s.alias + " with an assertion";
  $("assertion-text").value = "";
  $("e-assertion").textContent = "";
  $("assertion-text").removeAttribute("aria-invalid");
  $("assertion-dialog").showModal();
  $("assertion-text").focus();
}

async function startWithAssertion(event) {
  event.preventDefault();
  const text = $("assertion-text").value.replace(/\s+/g, "");
  if (!text) {
    $("e-assertion").textContent = "Paste the SAMLResponse first.";
    $("assertion-text").focus();
    return;
  }
  const s = assertionFor;
  const button = $("assertion-start");
  button.disabled = true;
  busy.add(s.id); // its events are this page's own doing: the status line says what happened
  $("e-assertion").textContent = "";
  try {
    // The dialog stays open until the daemon has answered, so a refusal is read next to what was pasted.
    const view = await api("POST", "/api/v1/sessions/" + encodeURIComponent(s.id) + "/start", { samlResponse: text });
    $("assertion-text").value = ""; // the assertion is a secret: it does not stay in the page
    $("assertion-dialog").close();
    replace(view);
    say(s.alias + " started" + ((view.warnings || []).length ? ": " + view.warnings.join(" ") : "."));
    busy.delete(s.id);
    await loadSessions();
    refocus(s.id);
  } catch (e) {
    $("e-assertion").textContent = e.message;
    $("assertion-text").setAttribute("aria-invalid", "true");
    $("assertion-text").focus();
  } finally {
    busy.delete(s.id);
    button.disabled = false;
  }
}

async function openConsole(s) {
  // Opened before the request, in the click's own turn, so no pop-up blocker stops it. A new tab gets a copy of this
  // tab's storage: the CSRF token is out of it for that moment, so the console's tab never holds it.
  sessionStorage.removeItem(CSRF_KEY);
  const tab = window.open("about:blank", "_blank");
  sessionStorage.setItem(CSRF_KEY, csrf);
  try {
    const answer = await api("POST", "/api/v1/sessions/" + encodeURIComponent(s.id) + "/console");
    if (tab) {
      tab.opener = null;
      tab.location.replace(answer.url);
      say("Opened the AWS console for " + s.alias + " in a new tab.");
    } else {
      say("The browser blocked the new tab; allow pop-ups for this page and try again.", true);
    }
  } catch (e) {
    if (tab) tab.close();
    say(s.alias + ": " + e.message, true);
  }
}

/** Asks a yes-or-no question in a modal dialog; true when the person chose {@code yes}. */
async function confirm(title, text, yes) {
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-yes").textContent = yes;
  const dialog = $("confirm-dialog");
  dialog.returnValue = "";
  dialog.showModal();
  $("confirm-no").focus(); // Enter on a dialog that just opened keeps things as they are
  await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
  return dialog.returnValue === "yes";
}

async function stopAll() {
  const active = sessions.filter((s) => s.status === "ACTIVE" || s.status === "PENDING");
  if (!await confirm("Stop every session?", "These stop and their credentials are withdrawn: "
      + active.map((s) => s.alias).join(", ") + ".", "Stop all")) return;
  for (const s of active) {
    try {
      await api("POST", "/api/v1/sessions/" + encodeURIComponent(s.id) + "/stop");
    } catch (e) {
      say(s.alias + ": " + e.message, true);
    }
  }
  say("Stopped " + active.map((s) => s.alias).join(", ") + ".");
  await loadSessions();
  focusHeading("sessions-title");
}

async function remove(s) {
  const sure = await confirm("Delete " + s.alias + "?", s.status === "ACTIVE"
    ? "It is active: its credentials are withdrawn from profile " + s.profileName + " first."
    : "The session's settings are removed; you can add it again.", "Delete");
  if (!sure) return;
  try {
    await api("DELETE", "/api/v1/sessions/" + encodeURIComponent(s.id));
    say(s.alias + " deleted.");
  } catch (e) {
    say(s.alias + ": " + e.message, true);
  }
  await loadSessions();
  focusHeading("sessions-title");
}

// A question a headless sign-in waits for (a code, a push to approve, a choice of factor).
const announced = new Set(); // questions already announced and given the focus

function challengeForm(s) {
  const c = s.challenge;
  const id = "challenge-" + s.id;
  if (!announced.has(c.id)) {
    announced.add(c.id);
    say(s.alias + ": " + c.prompt);
    // Once the card is drawn, the answer field gets the keyboard, unless the person is typing elsewhere.
    queueMicrotask(() => {
      const field = $(id + "-text") || $(id + "-choice") || $(id + "-send");
      const typing = document.activeElement && /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName);
      if (field && !typing) field.focus();
    });
  }
  const parts = [h("p", { id: id + "-prompt" }, h("strong", {}, c.prompt))];
  if (c.number) parts.push(h("p", { class: "number", "aria-label": "Number to pick: " + c.number }, c.number));
  if (c.note) parts.push(h("p", { class: "muted" }, c.note));
  let read;
  if (c.choices && c.choices.length) {
    const select = h("select", { id: id + "-choice", "aria-labelledby": id + "-prompt", "data-question": c.id },
      c.choices.map((choice, i) => h("option", { value: i }, choice)));
    parts.push(select);
    read = () => ({ challengeId: c.id, choice: Number(select.value) });
  } else if (c.kind !== "PUSH" && c.kind !== "NUMBER") {
    const secret = c.kind === "SECRET";
    const input = h("input", { id: id + "-text", type: secret ? "password" : "text",
      // No saved password: the browser would file the IdP's password under Keyport's address.
      autocomplete: secret ? "off" : "one-time-code", "aria-labelledby": id + "-prompt",
      value: c.suggestion || "", "data-question": c.id });
    parts.push(input);
    read = () => ({ challengeId: c.id, text: input.value });
  }
  const send = async (answer) => {
    for (const el of document.querySelectorAll("[data-question='" + CSS.escape(c.id) + "']")) el.value = "";
    try {
      await api("POST", "/api/v1/sessions/" + encodeURIComponent(s.id) + "/challenge", answer);
      say("Answer sent.");
    } catch (e) {
      say(e.message, true);
    }
  };
  return h("form", { class: "challenge", "aria-label": "Question from the identity provider",
    onsubmit: (e) => { e.preventDefault(); if (read) send(read()); } },
    parts,
    h("div", { class: "actions" },
      read ? h("button", { type: "submit", class: "primary", id: id + "-send" }, "Answer") : null,
      h("button", { type: "button", onclick: () => send({ challengeId: c.id, cancel: true }) }, "Cancel sign-in")));
}

// ---- live updates ------------------------------------------------------------------------------------------------

let events = null;
let reconnect = 1000;

async function startEvents() {
  stopEvents();
  const controller = new AbortController();
  events = controller;
  try {
    const response = await fetch("/api/v1/events", { headers: { "X-Keyport-CSRF": csrf, Accept: "text/event-stream" },
      credentials: "same-origin", cache: "no-store", signal: controller.signal });
    if (!response.ok) {
      if (response.status === 403) signedOut("Your sign-in to this page ended. Run keyport ui again.");
      return;
    }
    $("live").textContent = "Live: changes made anywhere show here.";
    reconnect = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event:\s*(.*)$/m.exec(block);
        const data = /^data:\s*(.*)$/m.exec(block);
        if (name && data) onEvent(name[1], JSON.parse(data[1]));
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (events === controller && csrf) {
    $("live").textContent = "Reconnecting to the daemon…";
    setTimeout(() => { if (events === controller) startEvents(); }, reconnect);
    reconnect = Math.min(reconnect * 2, 30000);
  }
}

function stopEvents() {
  if (events) events.abort();
  events = null;
}

let refreshSoon = null;

function onEvent(kind, event) {
  if (kind === "subscribed") return;
  // What happened elsewhere (the CLI, a refresh, an expiry); the page's own actions are said in the status line.
  if (event && event.alias && kind !== "ROTATED" && !busy.has(event.sessionId)) {
    const words = { STARTED: "started", STOPPED: "stopped", FAILED: "failed", EXPIRED: "expired",
      STARTING: "is starting", DELETED: "was deleted" };
    const at = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (words[kind]) $("live").textContent = at + " — " + event.alias + " " + words[kind] + ".";
  }
  clearTimeout(refreshSoon);
  refreshSoon = setTimeout(() => { if (!$("view-sessions").hidden) loadSessions(); }, 150);
}

// ---- add and edit ------------------------------------------------------------------------------------------------

const FIELDS = ["alias", "profileName", "region", "samlUrl", "idpArn", "roleArn", "providerId", "durationSeconds",
  "loginPagePatterns", "assertionConsumerPatterns", "delivery", "parentSession", "loginFlow", "username"];

/** Fields an active session keeps until it is stopped (changing them would leave delivered credentials behind). */
const LOCKED_WHILE_ACTIVE = ["profileName", "region", "roleArn", "idpArn", "delivery", "parentSession"];

async function openForm(idOrAlias) {
  editing = null;
  submitted = false;
  serverError = "";
  touched = new Set();
  if (idOrAlias === "." || idOrAlias === "..") idOrAlias = null;
  await ensureProviders();
  if (!sessions.length) sessions = await api("GET", "/api/v1/sessions").catch(() => []);
  const form = $("session-form");
  form.reset();
  let current = null;
  if (idOrAlias) {
    try {
      current = await api("GET", "/api/v1/sessions/" + encodeURIComponent(idOrAlias));
    } catch (e) {
      say(e.message, true);
      show("sessions");
      return;
    }
    editing = current.id;
  }
  const parent = $("f-parentSession");
  parent.replaceChildren(h("option", { value: "" }, "No: sign in through the IdP"),
    ...sessions.filter((s) => !s.parentSession && s.id !== editing).map((s) => h("option", { value: s.id }, s.alias)));
  const providerSelect = $("f-providerId");
  providerSelect.replaceChildren(h("option", { value: "" }, "Detect from the SAML URL"),
    ...providers.filter((p) => p.loaded).map((p) => h("option", { value: p.id }, p.displayName + " (" + p.id + ")")));
  for (const f of FIELDS) {
    const input = $("f-" + f);
    const value = current ? current[f] : null;
    if (f === "providerId" && current && !current.providerChosen) input.value = "";
    else if (Array.isArray(value)) input.value = value.join("\n");
    else if (value !== null && value !== undefined) input.value = String(value);
    else if (input.tagName === "SELECT") input.selectedIndex = 0;
    setProblem(f, "");
  }
  $("e-form").textContent = "";
  $("p-samlUrl").textContent = "";
  $("form-title").textContent = current ? "Edit " + current.alias : "Add a session";
  $("form-submit").textContent = current ? "Save changes" : "Add session";
  const locked = Boolean(current && (current.status === "ACTIVE" || current.status === "PENDING"));
  $("form-locked").hidden = !locked;
  for (const f of FIELDS) $("f-" + f).disabled = locked && LOCKED_WHILE_ACTIVE.includes(f);
  chainedFields();
  show("form");
  if (current && current.samlUrl) detectProvider();
  $("f-alias").focus();
}

function formValue() {
  const v = {};
  for (const f of FIELDS) {
    const raw = $("f-" + f).value.trim();
    if (f === "loginPagePatterns" || f === "assertionConsumerPatterns") {
      v[f] = raw ? raw.split("\n").map((x) => x.trim()).filter(Boolean) : [];
    } else if (f === "durationSeconds") {
      v[f] = /^\d{1,9}$/.test(raw) ? Number(raw) : null; // anything else is caught here (durationProblem)
    } else {
      v[f] = raw === "" ? null : raw;
    }
  }
  if (v.parentSession) {
    v.samlUrl = null; v.idpArn = null; v.providerId = null; v.loginFlow = null; v.username = null;
    v.loginPagePatterns = []; v.assertionConsumerPatterns = [];
  }
  return v;
}

function durationProblem() {
  const raw = $("f-durationSeconds").value.trim();
  return raw === "" || /^\d{1,9}$/.test(raw) ? "" : "The duration is a whole number of seconds, 900 to 43200.";
}

function chainedFields() {
  const chained = Boolean($("f-parentSession").value);
  for (const el of document.querySelectorAll("#session-form .federated")) el.hidden = chained;
}

// The API names the field each problem is about; each sentence goes under its field.
const FIELD_WORDS = [
  ["parentSession", /parentSession|parent/i], ["durationSeconds", /durationSeconds/], ["profileName", /profileName|profile/i],
  ["samlUrl", /samlUrl/], ["idpArn", /idpArn/], ["roleArn", /roleArn/], ["providerId", /providerId/],
  ["loginFlow", /loginFlow/], ["username", /username/], ["loginPagePatterns", /loginPagePatterns/],
  ["assertionConsumerPatterns", /assertionConsumerPatterns/], ["region", /region/i], ["alias", /alias/i],
];

/** The API's field names, as the form's labels say them. */
const LABELS = { profileName: "Profile name", samlUrl: "IdP SAML URL", idpArn: "IdP ARN", roleArn: "Role ARN",
  providerId: "Provider", durationSeconds: "Duration", loginPagePatterns: "Sign-in page patterns",
  assertionConsumerPatterns: "Assertion consumer patterns", loginFlow: "Sign-in", parentSession: "Chained from",
  username: "User name" };

function inFormWords(problem) {
  return problem.replace(/set providerId, or add loginPagePatterns to the session/g,
    "choose a Provider, or add Sign-in page patterns, under More settings").replace(/\b(profileName|samlUrl|idpArn|roleArn|providerId|durationSeconds|loginPagePatterns|assertionConsumerPatterns|loginFlow|parentSession|username)\b/g,
    (name) => LABELS[name]);
}

function fieldOf(problem) {
  for (const [field, words] of FIELD_WORDS) {
    if (words.test(problem.slice(0, 40))) return field;
  }
  return null;
}

function setProblem(field, text) {
  const input = $("f-" + field);
  $("e-" + field).textContent = inFormWords(text);
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

let touched = new Set();
let checkTimer = null;
let checkSeq = 0;
let submitted = false; // once the person pressed Add/Save, every problem shows, not only those of fields typed in
let serverError = ""; // what the daemon said to the last Add/Save, until the next one

function scheduleCheck(event) {
  if (event && event.target && event.target.name) touched.add(event.target.name);
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkForm, 250);
}

async function checkForm(all) {
  const seq = ++checkSeq;
  all = all || submitted;
  let answer;
  try {
    answer = await api("POST", "/api/v1/session-check" + (editing ? "?editing=" + encodeURIComponent(editing) : ""),
      formValue());
  } catch (e) {
    return null;
  }
  if (seq !== checkSeq) return null;
  showProblems(answer.problems, all);
  return answer;
}

function showProblems(problems, all) {
  const byField = {};
  const general = [];
  const add = (field, p) => { byField[field] = (byField[field] ? byField[field] + " " : "") + p; };
  for (const p of problems) {
    let field = fieldOf(p);
    // An empty profile name takes the alias: a problem with it is the alias's.
    if (field === "profileName" && !$("f-profileName").value.trim()) field = "alias";
    if (field && (all || touched.has(field))) add(field, p);
    else if (!field && all) general.push(p);
  }
  const duration = durationProblem();
  if (duration && (all || touched.has("durationSeconds"))) add("durationSeconds", duration);
  for (const f of FIELDS) setProblem(f, byField[f] || "");
  const conflict = general.length ? "" : serverError;
  $("e-form").textContent = inFormWords([...general, conflict].filter(Boolean).join(" "));
  return Object.keys(byField);
}

let detectTimer = null;

function detectProvider() {
  clearTimeout(detectTimer);
  detectTimer = setTimeout(async () => {
    const url = $("f-samlUrl").value.trim();
    const out = $("p-samlUrl");
    if (!url) { out.textContent = ""; return; }
    try {
      const d = await api("GET", "/api/v1/providers/detect?samlUrl=" + encodeURIComponent(url));
      out.textContent = d.providerId ? "Provider: " + d.displayName + " — " + inFormWords(d.reason)
        + (d.headlessLogin ? " (can sign in without a browser)" : "") : "";
    } catch (e) {
      out.textContent = "";
    }
  }, 200);
}

async function submitForm(event) {
  event.preventDefault();
  const button = $("form-submit");
  submitted = true;
  serverError = "";
  if (durationProblem()) {
    showProblems([], true);
    $("f-durationSeconds").closest("details").open = true;
    $("f-durationSeconds").focus();
    return;
  }
  button.disabled = true;
  try {
    const body = formValue();
    const saved = editing
      ? await api("PUT", "/api/v1/sessions/" + encodeURIComponent(editing), body)
      : await api("POST", "/api/v1/sessions", body);
    nextStatus = (editing ? "Saved " : "Added ") + saved.alias + ".";
    editing = null;
    touched = new Set();
    submitted = false;
    location.hash = "#sessions";
  } catch (e) {
    const answer = await checkForm(true);
    const invalid = answer ? showProblems(answer.problems, true) : [];
    if (!invalid.length) {
      // Refused for a reason no field holds (the session is active, say): it stays shown until the next Save.
      serverError = e.message;
      showProblems(answer ? answer.problems : [], true);
    }
    const first = FIELDS.find((f) => invalid.includes(f));
    const target = first ? $("f-" + first) : $("e-form");
    if (first && target.closest("details")) target.closest("details").open = true;
    if (!first) target.setAttribute("tabindex", "-1");
    target.focus();
  } finally {
    button.disabled = false;
  }
}

// ---- role discovery ----------------------------------------------------------------------------------------------
// The daemon reads the roles and keeps the assertion under a handle (a discovery); the page only ever holds an
// assertion the person pasted, and not even that once it is sent.

let discovery = null; // { discoveryId, suggestions }

function discoveryInput() {
  const samlUrl = $("d-samlUrl").value.trim();
  if (!samlUrl) {
    $("e-discover").textContent = "Give the IdP SAML URL the sessions will sign in at (the AWS app's link in your IdP).";
    $("d-samlUrl").focus();
    return null;
  }
  return { samlUrl, region: $("d-region").value.trim() || null };
}

async function discover(event) {
  if (event) event.preventDefault();
  $("e-discover").textContent = "";
  const input = discoveryInput();
  if (!input) return;
  const samlResponse = $("d-assertion").value.replace(/\s+/g, "");
  if (!samlResponse) {
    $("e-discover").textContent = "Paste a SAMLResponse, or use \u201cSign in once and read them\u201d.";
    $("d-assertion").focus();
    return;
  }
  $("d-assertion").value = ""; // a secret: it does not stay in the page
  await readRoles(Object.assign(input, { samlResponse }));
}

async function discoverBySignIn() {
  $("e-discover").textContent = "";
  const input = discoveryInput();
  if (!input) return;
  const button = $("discover-sign-in");
  button.disabled = true;
  say("Signing in at the identity provider… a browser window opens if it needs you.");
  try {
    await readRoles(Object.assign(input, { signIn: true }));
  } finally {
    button.disabled = false;
  }
}

async function readRoles(request) {
  try {
    discovery = await api("POST", "/api/v1/assertions/discoveries", request);
  } catch (e) {
    $("e-discover").textContent = e.message;
    say("");
    return;
  }
  say(discovery.suggestions.length === 1 ? "One role found." : discovery.suggestions.length + " roles found.");
  const list = $("role-list");
  list.replaceChildren(...discovery.suggestions.map((s, i) => {
    const { account: acct, role } = account(s.roleArn);
    return h("li", {},
      h("input", { type: "checkbox", id: "role-" + i, checked: !s.existingSessionId, "aria-describedby": "role-d-" + i }),
      h("div", {},
        h("label", { for: "role-" + i }, role + " in " + acct),
        h("p", { class: "hint", id: "role-d-" + i }, s.existingSessionId ? "A session for this role exists already."
          : s.roleArn),
        h("div", { class: "role-fields" },
          h("label", {}, "Alias ", h("input", { id: "role-alias-" + i, value: s.alias, autocomplete: "off",
            "aria-label": "Alias for " + role + " in " + acct, "aria-describedby": "role-e-" + i })),
          h("label", {}, "Profile ", h("input", { id: "role-profile-" + i, value: s.profileName, autocomplete: "off",
            "aria-label": "Profile for " + role + " in " + acct, "aria-describedby": "role-e-" + i })),
          h("label", {}, "Region ", h("input", { id: "role-region-" + i, value: s.region || "", autocomplete: "off",
            "aria-label": "Region for " + role + " in " + acct, "aria-describedby": "role-e-" + i }))),
        h("p", { class: "error", id: "role-e-" + i })));
  }));
  $("roles-form").hidden = false;
  $("e-roles").textContent = "";
  const first = list.querySelector("input");
  if (first) first.focus();
}

async function createRoles(event) {
  event.preventDefault();
  if (!discovery) return;
  const picked = discovery.suggestions.map((s, i) => ({ s, i })).filter(({ i }) => $("role-" + i).checked);
  if (!picked.length) {
    $("e-roles").textContent = "Tick at least one role.";
    return;
  }
  const button = $("roles-create");
  button.disabled = true;
  const start = $("roles-start").checked;
  say(start ? "Creating and starting the sessions…" : "Creating the sessions…");
  try {
    const results = await api("POST", "/api/v1/assertions/discoveries/" + encodeURIComponent(discovery.discoveryId)
      + "/sessions?start=" + start, picked.map(({ s, i }) => ({
      alias: $("role-alias-" + i).value.trim(), profileName: $("role-profile-" + i).value.trim() || null,
      region: $("role-region-" + i).value.trim() || null, samlUrl: s.samlUrl, idpArn: s.idpArn, roleArn: s.roleArn })));
    const made = results.filter((r) => !r.problem).map((r) => r.alias);
    results.forEach((r, n) => { $("role-e-" + picked[n].i).textContent = r.problem || ""; });
    const firstFailed = results.findIndex((r) => r.problem);
    if (firstFailed >= 0) $("role-alias-" + picked[firstFailed].i).focus();
    if (results.some((r) => r.problem)) {
      $("e-roles").textContent = "Some sessions were not made; what stopped each is under it."
        + (made.length ? " Made: " + made.join(", ") + "." : "");
      for (const { i } of picked) if (!results[picked.findIndex((p) => p.i === i)].problem) $("role-" + i).checked = false;
      say("");
      return;
    }
    nextStatus = (start ? "Created and started " : "Created ") + made.join(", ") + ".";
    discovery = null;
    $("roles-form").hidden = true;
    location.hash = "#sessions";
  } catch (e) {
    $("e-roles").textContent = e.message;
    say("");
  } finally {
    button.disabled = false;
  }
}

// ---- providers and health ----------------------------------------------------------------------------------------

async function ensureProviders() {
  if (!providers.length) providers = await api("GET", "/api/v1/providers").catch(() => []);
}

async function showProviders() {
  show("providers");
  providers = await api("GET", "/api/v1/providers").catch((e) => { say(e.message, true); return []; });
  $("provider-table").tBodies[0].replaceChildren(...providers.map((p) => h("tr", {},
    h("th", { scope: "row" }, p.displayName, h("br"), h("span", { class: "muted mono" }, p.id)),
    h("td", {}, p.source === "classpath" ? "built in" : p.source), h("td", {}, p.version || "—"),
    h("td", {}, p.loaded ? "Loaded" : "Set aside: " + (p.problem || "no reason given")),
    h("td", {}, p.headlessLogin ? "Yes" : "No"))));
}

async function showHealth() {
  show("health");
  const list = $("finding-list");
  list.replaceChildren(h("li", {}, "Checking…"));
  try {
    const findings = await api("GET", "/api/v1/diagnostics");
    const count = (severity) => findings.filter((f) => f.severity === severity).length;
    const errors = count("ERROR"), warnings = count("WARNING");
    say(errors || warnings ? [errors ? errors + (errors === 1 ? " error" : " errors") : "",
      warnings ? warnings + (warnings === 1 ? " warning" : " warnings") : ""].filter(Boolean).join(", ")
      + ": each says how to fix it." : "All checks passed.", errors > 0);
    list.replaceChildren(...findings.map((f) => h("li", { class: "finding " + f.severity },
      h("p", {}, h("strong", {}, f.check + ": " + f.severity.toLowerCase())),
      h("p", {}, f.detail),
      f.fix ? h("p", {}, h("span", { class: "muted" }, "Fix: "), f.fix) : null)));
  } catch (e) {
    list.replaceChildren(h("li", { class: "finding ERROR" }, e.message));
  }
}

// ---- theme -------------------------------------------------------------------------------------------------------

function applyTheme(theme) {
  const dark = theme ? theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  $("theme").setAttribute("aria-pressed", String(dark)); // "Dark mode", pressed or not
}

// ---- start -------------------------------------------------------------------------------------------------------

async function main() {
  applyTheme(localStorage.getItem(THEME_KEY));
  $("theme").addEventListener("click", () => {
    const next = $("theme").getAttribute("aria-pressed") === "true" ? "light" : "dark";
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
  });
  $("sign-out").addEventListener("click", signOut);
  $("session-form").addEventListener("submit", submitForm);
  $("session-form").addEventListener("input", scheduleCheck);
  $("session-form").addEventListener("change", scheduleCheck);
  $("f-samlUrl").addEventListener("input", detectProvider);
  $("f-parentSession").addEventListener("change", chainedFields);
  $("discover-form").addEventListener("submit", discover);
  $("discover-sign-in").addEventListener("click", discoverBySignIn);
  $("roles-form").addEventListener("submit", createRoles);
  $("assertion-form").addEventListener("submit", startWithAssertion);
  $("assertion-cancel").addEventListener("click", () => $("assertion-dialog").close());
  $("health-run").addEventListener("click", showHealth);
  $("form-cancel").addEventListener("click", () => { location.hash = "#sessions"; });
  $("stop-all").addEventListener("click", stopAll);
  window.addEventListener("hashchange", route);
  $("assertion-dialog").addEventListener("close", () => { $("assertion-text").value = ""; });
  setInterval(tick, 1000);

  if (!(await signIn())) return;
  $("nav").hidden = false;
  $("sign-out").hidden = false;
  await ensureProviders();
  startEvents();
  await route();
  performance.mark("sessions-shown");
  document.body.dataset.ready = "true";
}

main();
