// The output panels on the right. Every text coming from the document or the core is set with
// textContent: the user's document must never become markup. The panels' own texts come from
// t() (i18n.ts) and are written again on a language change; the core's texts (error messages,
// requestError) stay as the core sent them, and diagnostics arrive translated with the English in
// `detail`.

import type { ComposeValue, Diagnostic, Header, Response } from "./core";
import { fill } from "./dom";
import { withPlayground } from "./context";
import { onLanguageChange, t } from "./i18n";
import { nativeFormat, type DocKind, type Provider } from "./samples";

export const byTestID = <T extends HTMLElement = HTMLElement>(id: string) => {
  const el = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`index.html lacks data-testid="${id}"`);
  return el;
};

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

// The core's status, kept as a key and its values so a language change can write it again.
let coreShown: { state: "loading" | "ready" | "error"; key: string | null; vars: Record<string, string>; text: string } = {
  state: "loading",
  key: "status.loading",
  vars: {},
  text: "",
};

/** shows the core's status. main.ts passes English ("core ready (v1.2)", "core failed: why"):
 * the known forms are shown through their keys, anything else as it is. */
export function coreStatus(state: "loading" | "ready" | "error", text: string) {
  let m: RegExpExecArray | null;
  if (state === "loading") coreShown = { state, key: "status.loading", vars: {}, text };
  else if (state === "ready" && (m = /^core ready \((.*)\)$/s.exec(text)))
    coreShown = { state, key: "status.readyVersion", vars: { version: m[1] }, text };
  else if (state === "ready" && text === "core ready") coreShown = { state, key: "status.ready", vars: {}, text };
  else if (state === "error" && (m = /^core failed: (.*)$/s.exec(text)))
    coreShown = { state, key: "status.failed", vars: { reason: m[1] }, text };
  else coreShown = { state, key: null, vars: {}, text };
  renderCoreStatus();
}

function renderCoreStatus() {
  const s = byTestID("core-status");
  s.dataset.state = coreShown.state;
  s.textContent = coreShown.key ? t(coreShown.key, coreShown.vars) : coreShown.text;
}

/** a request-level problem (bad-request, internal); null clears it. */
function status(text: string | null) {
  const s = byTestID("status");
  s.hidden = text === null;
  s.textContent = text ?? "";
}

/** marks the output as waiting for an answer to newer input. */
export function busy() {
  byTestID("diagnostics").dataset.state = "busy";
}

// The answer shown last, written again in the new language on a change (the re-lint that
// i18n.ts starts brings the diagnostics in it a moment later).
let shown: { res: Response<ComposeValue>; pick: (d: Diagnostic) => void } | null = null;

export function show(res: Response<ComposeValue>, pick: (d: Diagnostic) => void) {
  shown = { res, pick };
  const diags = res.diagnostics ?? [];
  renderDiagnostics(diags, pick, t(res.ok ? "panels.noProblems" : "panels.notChecked"));
  if (!res.ok) {
    status(`${res.error.code}: ${res.error.message}`);
    const why = t("panels.noOutput", { reason: res.error.message });
    clearWire(why);
    clearRequest(why);
    return;
  }
  status(null);
  const v = res.value;
  if (v.wire) {
    fillWire(v);
  } else {
    clearWire(t("panels.fixForWire"));
  }
  if (v.request) {
    fillRequest(v.request);
  } else {
    const why = v.requestError?.message ?? t("panels.noRequest");
    clearRequest(v.wire ? why : t("panels.fixForRequest"));
  }
}

/** the row's message: the core's (translated when a language asked for it), and under it the
 * English it was translated from, small, for searching the web and reading the docs. */
export function messageParts(d: Diagnostic): HTMLElement[] {
  const parts = [el("span", d.message, "msg")];
  if (d.detail && d.detail !== d.message) {
    const detail = el("span", d.detail, "detail");
    detail.lang = "en";
    parts.push(detail);
  }
  return parts;
}

function renderDiagnostics(diags: Diagnostic[], pick: (d: Diagnostic) => void, none: string) {
  const ul = byTestID<HTMLUListElement>("diagnostics");
  const rows = diags.map((d) => {
    const li = el("li", undefined, `sev-${d.severity}`);
    li.dataset.code = d.code;
    li.dataset.severity = d.severity;
    li.dataset.line = String(d.line);
    li.dataset.column = String(d.column);
    const b = el("button");
    b.type = "button";
    // The row reads "line:column severity code message".
    b.append(
      el("span", `${d.line}:${d.column}`, "pos"),
      " ",
      el("span", t(`severity.${d.severity}`), "sev"),
      " ",
      el("span", d.code, "code"),
      " ",
      ...messageParts(d),
    );
    // A present but empty suggestion means: delete the range.
    if (d.suggestion !== undefined) b.title = d.suggestion === "" ? t("panels.suggestionRemove") : t("panels.suggestion", { text: d.suggestion });
    li.append(b);
    // On the row, not only the button: a click anywhere on it (and Enter on the button, which
    // clicks it) picks the diagnostic.
    li.addEventListener("click", () => pick(d));
    return li;
  });
  if (rows.length === 0) rows.push(el("li", none, "empty"));
  fill(ul, rows);
  ul.dataset.count = String(diags.length);
  ul.dataset.state = "idle";
}

function setPanel(id: string, why: string | null) {
  const panel = byTestID(id);
  panel.dataset.state = why === null ? "ok" : "stale";
  const p = panel.querySelector<HTMLElement>(".why")!;
  p.hidden = why === null;
  p.textContent = why ?? "";
  for (const b of panel.querySelectorAll<HTMLButtonElement>("button.copy")) b.disabled = why !== null;
}

function fillWire(v: ComposeValue) {
  setPanel("wire-panel", null);
  const w = v.wire!;
  byTestID("wire-body").textContent = w.body;
  byTestID("content-type").textContent = w.contentType;
  byTestID("content-md5").textContent = v.contentMD5 ?? "";
  // The header form of an ACL travels in headers, with an empty body.
  const headers = headerList(w.headers);
  byTestID("wire-headers").textContent = headers.map((h) => `${h.name}: ${h.value}`).join("\n");
  byTestID("wire-headers-block").hidden = headers.length === 0;
}

function clearWire(why: string) {
  setPanel("wire-panel", why);
  for (const id of ["wire-body", "content-type", "content-md5", "wire-headers"]) byTestID(id).textContent = "";
  byTestID("wire-headers-block").hidden = true;
}

function fillRequest(r: NonNullable<ComposeValue["request"]>) {
  setPanel("request-panel", null);
  const auth = r.headers.find((h) => h.name.toLowerCase() === "authorization");
  byTestID("authorization").textContent = auth ? auth.value : "";
  byTestID("request-http").textContent = r.http;
  byTestID("curl").textContent = r.curl;
  const dl = byTestID("steps");
  dl.replaceChildren(
    ...r.steps.flatMap((s) => {
      const pre = el("pre", s.value);
      pre.dataset.step = s.name;
      const dd = el("dd");
      dd.append(pre, copyButton(() => s.value, s.name));
      return [el("dt", s.name), dd];
    }),
  );
}

function clearRequest(why: string) {
  setPanel("request-panel", why);
  for (const id of ["authorization", "request-http", "curl"]) byTestID(id).textContent = "";
  byTestID("steps").replaceChildren();
}

function headerList(h: Header[] | Record<string, string> | undefined): Header[] {
  if (!h) return [];
  if (Array.isArray(h)) return h;
  return Object.entries(h).map(([name, value]) => ({ name, value }));
}

/** a copy button for a signing step; its accessible name says which ("copy the StringToSign step"). */
function copyButton(text: () => string, name: string) {
  const b = el("button", t("panels.copy"), "copy");
  b.type = "button";
  b.dataset.copyName = name;
  b.setAttribute("aria-label", t("panels.copyStep", { name }));
  b.addEventListener("click", () => copy(b, text()));
  return b;
}

// What a copy button says: "copy", or for a moment after a click how it went.
const copyState = new WeakMap<HTMLButtonElement, { key: string; timer: number }>();

function copyLabel(button: HTMLButtonElement, key: string) {
  button.textContent = t(key);
  const prev = copyState.get(button);
  if (prev) clearTimeout(prev.timer);
  const timer = key === "panels.copy" ? 0 : window.setTimeout(() => copyLabel(button, "panels.copy"), 1200);
  copyState.set(button, { key, timer });
}

async function copy(button: HTMLButtonElement, text: string) {
  let key = "panels.copied";
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    key = "panels.copyFailed"; // no clipboard permission (e.g. an iframe without it)
  }
  copyLabel(button, key);
}

/** wires the static copy buttons of index.html: data-copy names the data-testid to copy (their
 * aria-labels, "copy Content-MD5" …, are marked in index.html with data-i18n-attr). */
export function initCopyButtons() {
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-copy]")) {
    copyLabel(b, "panels.copy");
    b.addEventListener("click", () => copy(b, byTestID(b.dataset.copy!).textContent ?? ""));
  }
}

// --- the language -------------------------------------------------------------------------------

/** the texts index.html starts with that this module rewrites: in the page's language from the
 * start (the panels' "waiting for the core…", the core's status). */
function initialTexts() {
  for (const id of ["wire-panel", "request-panel"]) {
    const why = document.querySelector<HTMLElement>(`[data-testid="${id}"] .why`);
    if (why && !shown) why.textContent = t("panels.waiting");
  }
  renderCoreStatus();
}

// The native format's option: main.ts writes "native (XML)" in English on each provider or
// document change (in its change listeners, which run before these: they were added first);
// this writes it in the page's language.
function nativeOption(provider: Provider, doc: DocKind) {
  const o = document.querySelector<HTMLOptionElement>('#format option[value=""]');
  if (o) o.textContent = t("format.native", { format: nativeFormat(provider, doc).toUpperCase() });
}

// Only in the playground page (embedders import core.ts, not this).
if (document.querySelector('[data-testid="core-status"]')) {
  initialTexts();
  withPlayground((p) => {
    const sync = () => nativeOption(p.state().provider, p.state().document);
    sync();
    for (const id of ["provider", "document"]) document.getElementById(id)?.addEventListener("change", sync);
    onLanguageChange(sync);
  });
  onLanguageChange(() => {
    initialTexts();
    for (const b of document.querySelectorAll<HTMLButtonElement>("button.copy")) copyLabel(b, copyState.get(b)?.key ?? "panels.copy");
    for (const b of document.querySelectorAll<HTMLButtonElement>("button.copy[data-copy-name]"))
      b.setAttribute("aria-label", t("panels.copyStep", { name: b.dataset.copyName! }));
    if (shown) {
      // Written again as it is, busy or not: the re-lint's answer replaces it.
      const list = byTestID("diagnostics");
      const state = list.dataset.state;
      show(shown.res, shown.pick);
      list.dataset.state = state;
    }
  });
}
