// The phone page: join, then rate one capability at a time (stage 4) or write
// notes under the facilitator's current question (stages 1–2), as the room does.
// Every answer and note goes into a queue in localStorage first and is sent from
// there, so a dropped connection loses nothing: the queue is resent until the
// laptop acknowledges each sequence number, which it applies once. The notes this
// phone sent are listed from its own storage: the laptop never sends them back.
"use strict";

const STORE = { device: "dm.device", queue: "dm.queue", seq: "dm.seq", language: "dm.language", index: "dm.index",
                notes: "dm.notes", sent: "dm.sent" };
const RETRY_MS = 2000;
const POLL_MS = 5000;  // how soon a phone follows the facilitator to another question, or from notes to rating
const BATCH = 50;

let strings = {};
let language = localStorage.getItem(STORE.language) || "sv";
let form = null;
let index = Number(localStorage.getItem(STORE.index) || 0);
let answers = {};          // capability id → {maturity, importance} as last chosen on this phone
let sending = false;
let sendingNote = false;
const retryTimers = new Map();
let pollTimer = null;
let screen = "joining";

const $ = (id) => document.getElementById(id);

function text(key, values) {
  let result = (strings[language] || {})[key] || key;
  for (const [name, value] of Object.entries(values || {})) result = result.split("{" + name + "}").join(String(value));
  return result;
}

function element(tag, attributes, children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "text") made.textContent = value; else made.setAttribute(name, value);
  }
  for (const child of children || []) made.appendChild(child);
  return made;
}

function translatePage() {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll("[data-text]")) node.textContent = text(node.dataset.text);
  $("language").textContent = text("other_language");
  $("language").setAttribute("lang", language === "sv" ? "en" : "sv");
  document.title = text("title");
}

function show(name) {
  screen = name;
  for (const section of document.querySelectorAll(".screen")) section.hidden = section.id !== "screen-" + name;
  const heading = document.querySelector("#screen-" + name + " h2");
  if (heading && heading.tabIndex === -1) heading.focus();
}

function problem(message) { $("problem").textContent = message || ""; }

function errorText(body) {
  const code = (body && body.error) || "other";
  if (code === "refused") return text("error_refused", { message: body.message || "" });
  if (code === "invalid") return text("error_invalid", { field: body.field || "" });
  const key = "error_" + code;
  return (strings[language] || {})[key] ? text(key) : text("error_other", { code: code });
}

async function call(method, path, body) {
  const headers = { "X-Device-Token": localStorage.getItem(STORE.device) || "" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store", credentials: "omit",
  });
  let data = {};
  try { data = await response.json(); } catch (ignored) { data = {}; }
  return { ok: response.ok, status: response.status, data: data };
}

// Joining -------------------------------------------------------------------------

async function join(payload) {
  show("joining");
  const answer = await call("POST", "/api/join", payload);
  if (!answer.ok) { show("join"); problem(errorText(answer.data)); return; }
  localStorage.setItem(STORE.device, answer.data.device);
  localStorage.removeItem(STORE.queue);
  localStorage.removeItem(STORE.notes);
  localStorage.removeItem(STORE.sent);
  localStorage.setItem(STORE.index, "0");
  index = 0;
  await load();
}

async function load() {
  let answer;
  try { answer = await call("GET", "/api/form"); } catch (offline) { retryLater(load); return; }
  if (answer.status === 401) { localStorage.removeItem(STORE.device); show("join"); problem(errorText(answer.data)); return; }
  if (!answer.ok) { problem(errorText(answer.data)); retryLater(load); return; }
  form = answer.data;
  answers = Object.assign({}, form.answers);
  for (const queued of queue()) Object.assign(answers[queued.capability] = answers[queued.capability] || {}, fieldsOf(queued));
  $("title").textContent = form.title || text("title");
  if (pollTimer === null) pollTimer = setInterval(poll, POLL_MS);
  if (form.mode === "notes") { showNotes(); return; }
  fillWho();
  if (form.respondent) { showCapability(); flush(); } else show("who");
}

async function poll() {
  let answer;
  try { answer = await call("GET", "/api/mode"); } catch (offline) { return; }
  if (!answer.ok || !form) return;
  if (answer.data.mode !== form.mode) { await load(); return; }
  if (form.mode === "notes" && JSON.stringify(answer.data.prompt) !== JSON.stringify(form.prompt)) {
    form.prompt = answer.data.prompt;
    showQuestion();
  }
}

function fieldsOf(queued) {
  const fields = {};
  if ("maturity" in queued) fields.maturity = queued.maturity;
  if ("importance" in queued) fields.importance = queued.importance;
  return fields;
}

function fillWho() {
  const select = $("organisation");
  select.replaceChildren(element("option", { value: "", text: text("choose_organisation") }));
  for (const organisation of form.organisations) {
    select.appendChild(element("option", { value: organisation.id, text: organisation.name }));
  }
  if (form.organisation) { select.value = form.organisation; select.disabled = true; }
}

async function startRating() {
  const consent = document.querySelector("input[name=consent]:checked");
  if (!$("organisation").value || !consent) { problem(text("choose_first")); return; }
  let answer;
  try {
    answer = await call("POST", "/api/respondent",
      { organisation: $("organisation").value, consent: consent.value, label: $("role").value.trim() });
  } catch (offline) { problem(text("offline", { count: queue().length })); return; }
  if (!answer.ok) { problem(errorText(answer.data)); return; }
  problem("");
  form.respondent = true;
  showCapability();
}

// Rating --------------------------------------------------------------------------------

function capability() { return form.capabilities[index]; }

function answeredCount() {
  return form.capabilities.filter((c) => isAnswered(answers[c.id])).length;
}

function isAnswered(chosen) {
  return Boolean(chosen) && (chosen.maturity === "dont_know" || typeof chosen.maturity === "number");
}

function levelChoice(value, title, description, checked) {
  const input = element("input", { type: "radio", name: "level", value: String(value) });
  input.checked = checked;
  input.addEventListener("change", () => answer({ maturity: value === "dont_know" ? "dont_know" : Number(value) }));
  return element("label", { class: "choice level" }, [
    input, element("span", { class: "choice-text" }, [
      element("strong", { text: title }), element("span", { class: "description", text: description })]),
  ]);
}

let shownCapability = null;

function showCapability() {
  index = Math.max(0, Math.min(index, form.capabilities.length - 1));
  if (shownCapability !== index) window.scrollTo(0, 0);  // a new capability starts at its name
  shownCapability = index;
  localStorage.setItem(STORE.index, String(index));
  const current = capability();
  const chosen = answers[current.id] || {};
  $("progress").textContent = text("progress", { done: answeredCount(), total: form.capabilities.length });
  $("progress").setAttribute("aria-label", text("progress_label", { number: index + 1, total: form.capabilities.length }));
  $("capability-name").textContent = current.name;
  $("capability-description").textContent = current.description;
  const levels = $("levels");
  levels.replaceChildren(element("legend", { text: text("maturity") }));
  for (const level of form.scale) {
    levels.appendChild(levelChoice(level.level, level.level + "  " + level.label, level.description,
      chosen.maturity === level.level));
  }
  levels.appendChild(levelChoice("dont_know", text("dont_know"), text("dont_know_text"), chosen.maturity === "dont_know"));
  const buttons = $("importance-buttons");
  buttons.replaceChildren();
  for (let value = 1; value <= 5; value++) {
    const button = element("button", { type: "button", class: "importance", "aria-pressed": String(chosen.importance === value),
      "aria-label": text("importance_value", { value: value }), text: String(value) });
    button.addEventListener("click", () => answer({ importance: chosen.importance === value ? null : value }));
    buttons.appendChild(button);
  }
  $("back").disabled = index === 0;
  if (screen !== "rate") show("rate");
}

function answer(fields) {
  const current = capability();
  answers[current.id] = Object.assign(answers[current.id] || {}, fields);
  const seq = Number(localStorage.getItem(STORE.seq) || 0) + 1;
  localStorage.setItem(STORE.seq, String(seq));
  const pending = queue();
  pending.push(Object.assign({ capability: current.id, seq: seq }, fields));
  saveQueue(pending);
  flush();
  if ("maturity" in fields) {
    if (index < form.capabilities.length - 1) { index += 1; showCapability(); } else showSummary();
  } else showCapability();
}

function go(step) {
  if (index + step >= form.capabilities.length) { showSummary(); return; }
  index += step;
  showCapability();
}

// The queue --------------------------------------------------------------------------------

function queue() {
  try { return JSON.parse(localStorage.getItem(STORE.queue) || "[]"); } catch (broken) { return []; }
}

function saveQueue(items) { localStorage.setItem(STORE.queue, JSON.stringify(items)); }

function retryLater(what) {
  if (!retryTimers.has(what)) retryTimers.set(what, setTimeout(() => { retryTimers.delete(what); what(); }, RETRY_MS));
}

function status(message) { $("status").textContent = message; }

async function flush() {
  if (sending) return;
  const batch = queue().slice(0, BATCH);
  if (batch.length === 0) { status(text("saved")); refreshThanks(); return; }
  sending = true;
  status(text("sending"));
  let answer;
  try {
    answer = await call("POST", "/api/answers", { answers: batch });
  } catch (offline) {
    sending = false;
    status(text("offline", { count: queue().length }));
    retryLater(flush);
    return;
  }
  sending = false;
  if (answer.ok) {
    const done = new Set(answer.data.acknowledged.map((a) => a.capability + "#" + a.seq));
    saveQueue(queue().filter((q) => !done.has(q.capability + "#" + q.seq)));
    problem("");
    flush();
    return;
  }
  if (answer.status === 401) { localStorage.removeItem(STORE.device); show("join"); }
  problem(errorText(answer.data));
  if (answer.status === 400) saveQueue(queue().slice(batch.length)); // never resend what the laptop will always refuse
  if (answer.status >= 500 || answer.status === 429) retryLater(flush);
}

// Notes ------------------------------------------------------------------------------------------

function stored(key) {
  try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (broken) { return []; }
}

function showQuestion() {
  $("question").textContent = form.prompt ? form.prompt.text : text("no_question");
}

function showNotes() {
  $("note").maxLength = form.note_max;
  showQuestion();
  showSent();
  if (screen !== "notes") show("notes");
  flushNotes();
}

function showSent() {
  const list = $("sent-list");
  list.replaceChildren();
  for (const sent of stored(STORE.sent)) list.appendChild(element("li", { text: sent }));
  for (const waiting of stored(STORE.notes)) {
    list.appendChild(element("li", {}, [document.createTextNode(waiting.text + " "),
      element("span", { class: "waiting", text: "(" + text("waiting") + ")" })]));
  }
}

function sendNote() {
  const written = $("note").value.replace(/\s+/g, " ").trim();  // one line, as a card on the board
  if (!written) { problem(text("write_first")); return; }
  problem("");
  const seq = Number(localStorage.getItem(STORE.seq) || 0) + 1;
  localStorage.setItem(STORE.seq, String(seq));
  const pending = stored(STORE.notes);
  pending.push({ seq: seq, prompt: form.prompt ? form.prompt.id : null, text: written });
  localStorage.setItem(STORE.notes, JSON.stringify(pending));
  $("note").value = "";
  showSent();
  flushNotes();
}

async function flushNotes() {
  if (sendingNote) return;
  const pending = stored(STORE.notes);
  if (pending.length === 0) { status(text("saved")); return; }
  sendingNote = true;
  status(text("sending"));
  let answer;
  try {
    answer = await call("POST", "/api/notes", pending[0]);
  } catch (offline) {
    sendingNote = false;
    status(text("notes_offline", { count: pending.length }));
    retryLater(flushNotes);
    return;
  }
  sendingNote = false;
  const rest = stored(STORE.notes).filter((n) => n.seq !== pending[0].seq);
  if (answer.ok) {
    localStorage.setItem(STORE.notes, JSON.stringify(rest));
    localStorage.setItem(STORE.sent, JSON.stringify(stored(STORE.sent).concat([pending[0].text])));
    problem("");
    showSent();
    flushNotes();
    return;
  }
  if (answer.status === 401) { localStorage.removeItem(STORE.device); show("join"); }
  problem(errorText(answer.data));
  if (answer.status === 400) {  // the laptop will always refuse this one (its question was deleted, say): back to the field
    localStorage.setItem(STORE.notes, JSON.stringify(rest));
    if (!$("note").value) $("note").value = pending[0].text;
    showSent();
  }
  // Kept, not resent, while the room rates: the page sends it when the facilitator takes notes again.
  if (answer.status >= 500 || answer.status === 429 || (answer.status === 409 && answer.data.error !== "notes_closed")) {
    retryLater(flushNotes);
  }
}

// Summary --------------------------------------------------------------------------------------

function answerText(chosen) {
  if (!isAnswered(chosen)) return text("not_answered");
  if (chosen.maturity === "dont_know") return text("dont_know");
  const level = form.scale.find((l) => l.level === chosen.maturity);
  return chosen.maturity + "  " + (level ? level.label : "");
}

function showSummary() {
  const list = $("summary-list");
  list.replaceChildren();
  form.capabilities.forEach((c, position) => {
    const chosen = answers[c.id];
    const importance = chosen && chosen.importance ? " · " + text("importance_value", { value: chosen.importance }) : "";
    const change = element("button", { type: "button", class: "small", text: text("edit") });
    change.setAttribute("aria-label", text("edit") + ": " + c.name);
    change.addEventListener("click", () => { index = position; showCapability(); });
    list.appendChild(element("li", {}, [
      element("span", { class: "name", text: c.name }), element("span", { class: "answer", text: answerText(chosen) + importance }),
      change]));
  });
  const left = form.capabilities.length - answeredCount();
  $("unanswered").textContent = left ? text("unanswered_left", { count: left }) : "";
  show("summary");
}

function refreshThanks() {
  const waiting = queue().length;
  $("thanks").textContent = waiting ? text("thanks_waiting", { count: waiting }) : text("thanks");
}

function finish() {
  refreshThanks();
  show("thanks");
  flush();
}

// Start --------------------------------------------------------------------------------------------

async function main() {
  strings = await (await fetch("/strings.json", { cache: "no-store" })).json();
  if (!strings[language]) language = "sv";
  translatePage();
  $("language").addEventListener("click", () => {
    language = language === "sv" ? "en" : "sv";
    localStorage.setItem(STORE.language, language);
    translatePage();
    if (form) {
      fillWho();
      if (screen === "rate") showCapability();
      if (screen === "summary") showSummary();
      if (screen === "notes") showNotes();
    }
    if (screen === "thanks") refreshThanks();
  });
  $("join").addEventListener("click", () => join({ code: $("code").value.trim() }));
  $("start").addEventListener("click", startRating);
  $("back").addEventListener("click", () => go(-1));
  $("next").addEventListener("click", () => go(1));
  $("to-summary").addEventListener("click", showSummary);
  $("finish").addEventListener("click", finish);
  $("send-note").addEventListener("click", sendNote);
  window.addEventListener("online", () => { flush(); flushNotes(); });
  const fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, "", location.pathname);  // the join token leaves the address bar and the history
  if (fragment.get("j")) await join({ token: fragment.get("j") });
  else if (fragment.get("c")) await join({ code: fragment.get("c") });
  else if (localStorage.getItem(STORE.device)) await load();
  else show("join");
}

main();
