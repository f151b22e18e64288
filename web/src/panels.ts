// The output panels on the right. Every text coming from the document or the core is set with
// textContent: the user's document must never become markup.

import type { ComposeValue, Diagnostic, Header, Response } from "./core";

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

export function coreStatus(state: "loading" | "ready" | "error", text: string) {
  const s = byTestID("core-status");
  s.dataset.state = state;
  s.textContent = text;
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

export function show(res: Response<ComposeValue>, pick: (d: Diagnostic) => void) {
  const diags = res.diagnostics ?? [];
  renderDiagnostics(diags, pick, res.ok ? "no problems" : "not checked");
  if (!res.ok) {
    status(`${res.error.code}: ${res.error.message}`);
    const why = `no output: ${res.error.message}`;
    clearWire(why);
    clearRequest(why);
    return;
  }
  status(null);
  const v = res.value;
  if (v.wire) {
    fillWire(v);
  } else {
    clearWire("fix the errors above to see the wire body");
  }
  if (v.request) {
    fillRequest(v.request);
  } else {
    const why = v.requestError?.message ?? "the core returned no signed request";
    clearRequest(v.wire ? why : "fix the errors above to see the signed request");
  }
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
      el("span", d.severity, "sev"),
      " ",
      el("span", d.code, "code"),
      " ",
      el("span", d.message, "msg"),
    );
    if (d.suggestion) b.title = `suggestion: ${d.suggestion}`;
    li.append(b);
    // On the row, not only the button: a click anywhere on it (and Enter on the button, which
    // clicks it) picks the diagnostic.
    li.addEventListener("click", () => pick(d));
    return li;
  });
  if (rows.length === 0) rows.push(el("li", none, "empty"));
  ul.replaceChildren(...rows);
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
      dd.append(pre, copyButton(() => s.value));
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

function copyButton(text: () => string) {
  const b = el("button", "copy", "copy");
  b.type = "button";
  b.addEventListener("click", () => copy(b, text()));
  return b;
}

async function copy(button: HTMLButtonElement, text: string) {
  let label = "copied";
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    label = "copy failed"; // no clipboard permission (e.g. an iframe without it)
  }
  button.textContent = label;
  setTimeout(() => (button.textContent = "copy"), 1200);
}

/** wires the static copy buttons of index.html: data-copy names the data-testid to copy. */
export function initCopyButtons() {
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-copy]")) {
    b.addEventListener("click", () => copy(b, byTestID(b.dataset.copy!).textContent ?? ""));
  }
}
