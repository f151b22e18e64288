// The CORS preflight panel: while the document is a CORS configuration, it asks the core's
// `preflight` op what the service answers to a browser's request from another origin, and what
// the browser then does. It runs 150 ms after any change of its inputs, the document or the
// settings; only the answer to the newest input is shown.
//
// Everything from the document or the core is set with textContent, never as markup.

import { core } from "./boot";
import type { Header, Response } from "./core";
import { withPlayground, type Playground } from "./context";
import { Latest } from "./latest";

interface Reason {
  part: "origin" | "method" | "header" | "order";
  message: string;
  path?: string;
  from: number; // UTF-16 offsets into the source
  to: number;
}

interface RuleResult {
  index: number;
  matched: boolean;
  used: boolean;
  from: number;
  to: number;
  reasons: Reason[];
}

/** value of the core's `preflight` op. */
export interface PreflightValue {
  allowed: boolean;
  rule: number; // -1: no rule is applied
  ruleFrom: number;
  ruleTo: number;
  documentErrors: boolean;
  preflightNeeded: boolean;
  request: { method: string; headers: Header[] };
  status: number; // 0: the operation's own status, or not documented
  statusText?: string;
  responseHeaders: Header[];
  error?: { code: string; message: string };
  reasons: string[];
  rules: RuleResult[];
  browser: string;
  notes: string[];
}

const DEBOUNCE_MS = 150;
const METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"];

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

function field<T extends HTMLElement>(id: string, label: string, control: T, className = "pf-field"): HTMLElement {
  control.id = id;
  const wrap = el("div", undefined, className);
  const l = el("label", label);
  l.htmlFor = id;
  // A checkbox reads best with its box first.
  if (control instanceof HTMLInputElement && control.type === "checkbox") wrap.append(control, l);
  else wrap.append(l, control);
  return wrap;
}

function input(value: string): HTMLInputElement {
  const i = el("input");
  i.value = value;
  i.spellcheck = false;
  i.autocomplete = "off";
  return i;
}

function checkbox(): HTMLInputElement {
  const i = el("input");
  i.type = "checkbox";
  i.autocomplete = "off";
  return i;
}

function block(title: string, content: HTMLElement): HTMLElement {
  const b = el("div", undefined, "block");
  const head = el("div", undefined, "block-head");
  head.append(el("h3", title));
  b.append(head, content);
  return b;
}

class PreflightPanel {
  private readonly origin = input("http://docs.qingcloud.com");
  private readonly method = el("select");
  private readonly headers = input("Content-Type");
  private readonly credentials = checkbox();
  private readonly actual = checkbox();
  private readonly verdict = el("p", undefined, "pf-verdict");
  private readonly problem = el("p", undefined, "status");
  private readonly rule = el("div", undefined, "pf-rule");
  private readonly browser = el("p", undefined, "pf-browser");
  private readonly requestPre = el("pre");
  private readonly responsePre = el("pre");
  private readonly rules = el("ul", undefined, "pf-rules");
  private readonly notes = el("ul", undefined, "pf-notes");
  private readonly caller = new Latest((req: object) => core.call<PreflightValue>("preflight", req));
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly section: HTMLElement,
    private readonly p: Playground,
  ) {
    for (const m of METHODS) {
      const o = el("option", m);
      o.value = m;
      this.method.append(o);
    }
    this.method.value = "PUT";
    this.method.autocomplete = "off";
    this.headers.placeholder = "Content-Type, x-amz-date";

    this.verdict.dataset.testid = "preflight-verdict";
    this.verdict.setAttribute("role", "status");
    this.problem.dataset.testid = "preflight-error";
    this.problem.hidden = true;
    this.rule.dataset.testid = "preflight-rule";
    this.browser.dataset.testid = "preflight-browser";
    this.requestPre.dataset.testid = "preflight-request";
    this.responsePre.dataset.testid = "preflight-response";
    this.rules.dataset.testid = "preflight-reasons";
    this.notes.dataset.testid = "preflight-notes";

    const inputs = el("div", undefined, "pf-inputs");
    inputs.append(
      field("preflight-origin", "page origin", this.origin, "pf-field pf-origin"),
      field("preflight-method", "method", this.method),
      field("preflight-headers", "request headers (comma-separated)", this.headers, "pf-field pf-headers"),
      field("preflight-credentials", "with credentials (cookies)", this.credentials, "pf-check"),
      field("preflight-actual", "the actual request, not the preflight", this.actual, "pf-check"),
    );
    const intro = el(
      "p",
      "What the service answers to a page on another origin, under the rules above, and what the browser then does.",
      "note",
    );
    section.replaceChildren(
      el("h2", "CORS preflight"),
      intro,
      inputs,
      this.problem,
      this.verdict,
      this.rule,
      this.browser,
      block("request the browser sends", this.requestPre),
      block("answer", this.responsePre),
      block("rules", this.rules),
      this.notes,
    );
    section.setAttribute("aria-label", "CORS preflight");

    for (const c of [this.origin, this.headers]) c.addEventListener("input", () => this.schedule());
    for (const c of [this.method, this.credentials, this.actual]) c.addEventListener("change", () => this.schedule());
    p.onChange(() => this.schedule());
    this.schedule();
  }

  private visible(): boolean {
    const show = this.p.state().document === "cors";
    this.section.hidden = !show;
    return show;
  }

  private schedule() {
    this.generation++;
    clearTimeout(this.timer);
    if (!this.visible()) {
      this.section.dataset.state = "idle";
      return;
    }
    this.section.dataset.state = "busy";
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  private async run() {
    const gen = this.generation;
    const s = this.p.state();
    const req = {
      provider: s.provider,
      document: "cors",
      ...(s.format ? { format: s.format } : {}),
      source: s.source,
      origin: this.origin.value.trim(),
      method: this.method.value,
      requestHeaders: this.headers.value
        .split(",")
        .map((h) => h.trim())
        .filter((h) => h !== ""),
      credentials: this.credentials.checked,
      actual: this.actual.checked,
    };
    const res: Response<PreflightValue> = await this.caller.run(req);
    if (gen !== this.generation) return; // newer input is on its way
    this.render(res);
    this.section.dataset.state = "idle";
  }

  private render(res: Response<PreflightValue>) {
    if (!res.ok) {
      this.problem.hidden = false;
      this.problem.textContent = `${res.error.code}: ${res.error.message}`;
      this.setVerdict(false, "not simulated: correct the request above");
      this.rule.replaceChildren();
      this.browser.textContent = "";
      this.requestPre.textContent = "";
      this.responsePre.textContent = "";
      this.rules.replaceChildren();
      this.notes.replaceChildren();
      return;
    }
    this.problem.hidden = true;
    this.problem.textContent = "";
    const v = res.value;
    const what = v.request.method === "OPTIONS" ? "preflight" : `${v.request.method} request`;
    if (v.documentErrors) this.setVerdict(false, "not simulated: fix the document's errors first");
    else if (v.allowed) this.setVerdict(true, `allowed: the browser accepts the ${what}`);
    else this.setVerdict(false, `blocked: the browser refuses the ${what}`);

    this.renderRule(v);
    this.browser.textContent = v.browser;
    this.requestPre.textContent = [
      `${v.request.method} / HTTP/1.1`,
      ...v.request.headers.map((h) => `${h.name}: ${h.value}`),
    ].join("\n");
    this.responsePre.textContent = responseText(v);
    this.renderRules(v);
    this.notes.replaceChildren(...[...v.reasons.slice(1), ...v.notes].map((n) => el("li", n)));
    this.notes.hidden = this.notes.childElementCount === 0;
  }

  private setVerdict(allowed: boolean, text: string) {
    this.verdict.dataset.allowed = String(allowed);
    this.verdict.textContent = text;
  }

  private renderRule(v: PreflightValue) {
    if (v.rule < 0) {
      this.rule.dataset.rule = "-1";
      const first = v.reasons[0] ?? "no rule applies";
      // The list below explains each rule's miss; here the headline is enough.
      const text = first.startsWith("no rule matches;") ? "no rule matches: see each rule's reasons below" : first;
      this.rule.replaceChildren(el("span", text));
      return;
    }
    this.rule.dataset.rule = String(v.rule);
    const b = el("button", "show in the editor", "pf-select");
    b.type = "button";
    b.dataset.testid = "preflight-rule-select";
    b.addEventListener("click", () => this.p.select(v.ruleFrom, v.ruleTo));
    const why = (v.reasons[0] ?? "").replace(/^rule \d+ matches: /, "");
    this.rule.replaceChildren(el("span", `rule ${v.rule} applies: ${why}`), " ", b);
  }

  private renderRules(v: PreflightValue) {
    const items = v.rules.map((r) => {
      const li = el("li");
      li.dataset.rule = String(r.index);
      li.dataset.matched = String(r.matched);
      li.dataset.used = String(r.used);
      const head = el("button", `rule ${r.index}: ${r.used ? "used" : r.matched ? "matches" : "misses"}`, "pf-rule-head");
      head.type = "button";
      head.title = "select the rule in the editor";
      head.addEventListener("click", () => this.p.select(r.from, r.to));
      li.append(head);
      if (r.reasons.length > 0) {
        const ul = el("ul");
        for (const x of r.reasons) {
          const item = el("li");
          item.dataset.part = x.part;
          const b = el("button", undefined, "pf-reason");
          b.type = "button";
          b.append(el("span", x.part, "pf-part"), " ", el("span", x.message));
          b.addEventListener("click", () => this.p.select(x.from, x.to));
          item.append(b);
          ul.append(item);
        }
        li.append(ul);
      }
      return li;
    });
    if (items.length === 0) items.push(el("li", "no rules to judge", "empty"));
    this.rules.replaceChildren(...items);
  }
}

const xmlEscape = (s: string) =>
  s.replace(/[&<>'"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" })[c]!);

/** the service's answer as HTTP lines: status line, CORS headers, and an error body. */
function responseText(v: PreflightValue): string {
  if (v.documentErrors) return "(no answer: the service would refuse this document)";
  const lines: string[] = [];
  if (v.status > 0) lines.push(`HTTP/1.1 ${v.status} ${v.statusText ?? ""}`.trimEnd());
  else if (v.request.method !== "OPTIONS") lines.push("HTTP/1.1 … (the operation's own status)");
  else lines.push("HTTP/1.1 … (status not documented)");
  for (const h of v.responseHeaders) lines.push(`${h.name}: ${h.value}`);
  if (v.responseHeaders.length === 0) lines.push("(no CORS headers)");
  if (v.error) {
    lines.push("", `<Error><Code>${xmlEscape(v.error.code)}</Code><Message>${xmlEscape(v.error.message)}</Message></Error>`);
  }
  return lines.join("\n");
}

withPlayground((p) => {
  const section = document.getElementById("preflight-panel");
  if (section) new PreflightPanel(section, p);
});
