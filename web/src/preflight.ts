// The CORS preflight panel: while the document is a CORS configuration, it asks the core's
// `preflight` op what the service answers to a browser's request from another origin, and what
// the browser then does. It runs 150 ms after any change of its inputs, the document or the
// settings; only the answer to the newest input is shown.
//
// Everything from the document or the core is set with textContent, never as markup. The
// panel's own texts come from t() (i18n.ts) and follow a language change; the core's texts (the
// reasons, the browser's behaviour, the notes) stay English.

import { core } from "./boot";
import { fill } from "./dom";

const MAX_RULES_SHOWN = 200;
import type { Header, Response } from "./core";
import { withPlayground, type Playground } from "./context";
import { bindText, onLanguageChange, registerStrings, requestLang, t } from "./i18n";
import { Latest } from "./latest";

registerStrings({
  "pf.title": "CORS preflight",
  "pf.intro": "What the service answers to a page on another origin, under the rules above, and what the browser then does.",
  "pf.origin": "page origin",
  "pf.method": "method",
  "pf.headers": "request headers (comma-separated)",
  "pf.credentials": "with credentials (cookies)",
  "pf.actual": "the actual request, not the preflight",
  "pf.requestBlock": "request the browser sends",
  "pf.answerBlock": "answer",
  "pf.rulesBlock": "rules",
  "pf.notSimulatedRequest": "not simulated: correct the request above",
  "pf.notSimulatedDocument": "not simulated: fix the document's errors first",
  "pf.allowedPreflight": "allowed: the browser accepts the preflight",
  "pf.allowedRequest": "allowed: the browser accepts the {method} request",
  "pf.blockedPreflight": "blocked: the browser refuses the preflight",
  "pf.blockedRequest": "blocked: the browser refuses the {method} request",
  "pf.noRuleApplies": "no rule applies",
  "pf.noRuleMatches": "no rule matches: see each rule's reasons below",
  "pf.ruleApplies": "rule {index} applies: {why}",
  "pf.showInEditor": "show in the editor",
  "pf.ruleUsed": "rule {index}: used",
  "pf.ruleMatches": "rule {index}: matches",
  "pf.ruleMisses": "rule {index}: misses",
  "pf.selectRule": "select the rule in the editor",
  "pf.part.origin": "origin",
  "pf.part.method": "method",
  "pf.part.header": "header",
  "pf.part.order": "order",
  "pf.noRules": "no rules to judge",
  "pf.moreRules": "{count} more rules are not listed",
  "pf.noAnswer": "(no answer: the service would refuse this document)",
  "pf.ownStatus": "HTTP/1.1 … (the operation's own status)",
  "pf.statusUndocumented": "HTTP/1.1 … (status not documented)",
  "pf.noCORSHeaders": "(no CORS headers)",
});

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

function field<T extends HTMLElement>(id: string, labelKey: string, control: T, className = "pf-field"): HTMLElement {
  control.id = id;
  const wrap = el("div", undefined, className);
  const l = bindText(el("label"), labelKey);
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

function block(titleKey: string, content: HTMLElement): HTMLElement {
  const b = el("div", undefined, "block");
  const head = el("div", undefined, "block-head");
  head.append(bindText(el("h3"), titleKey));
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
  /** the answer shown, written again on a language change. */
  private shown: Response<PreflightValue> | null = null;

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
      field("preflight-origin", "pf.origin", this.origin, "pf-field pf-origin"),
      field("preflight-method", "pf.method", this.method),
      field("preflight-headers", "pf.headers", this.headers, "pf-field pf-headers"),
      field("preflight-credentials", "pf.credentials", this.credentials, "pf-check"),
      field("preflight-actual", "pf.actual", this.actual, "pf-check"),
    );
    const heading = bindText(el("h2"), "pf.title");
    heading.dataset.testid = "preflight-title";
    section.replaceChildren(
      heading,
      bindText(el("p", undefined, "note"), "pf.intro"),
      inputs,
      this.problem,
      this.verdict,
      this.rule,
      this.browser,
      block("pf.requestBlock", this.requestPre),
      block("pf.answerBlock", this.responsePre),
      block("pf.rulesBlock", this.rules),
      this.notes,
    );
    bindText(section, "pf.title", "aria-label");

    for (const c of [this.origin, this.headers]) c.addEventListener("input", () => this.schedule());
    for (const c of [this.method, this.credentials, this.actual]) c.addEventListener("change", () => this.schedule());
    p.onChange(() => this.schedule());
    // The answer in the new language now; the re-run (the core's texts may change) follows.
    onLanguageChange(() => {
      if (this.shown) this.render(this.shown);
      this.schedule();
    });
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
      lang: requestLang(),
    };
    const res: Response<PreflightValue> = await this.caller.run(req);
    if (gen !== this.generation) return; // newer input is on its way
    this.render(res);
    this.section.dataset.state = "idle";
  }

  private render(res: Response<PreflightValue>) {
    this.shown = res;
    if (!res.ok) {
      this.problem.hidden = false;
      this.problem.textContent = `${res.error.code}: ${res.error.message}`;
      this.setVerdict(false, t("pf.notSimulatedRequest"));
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
    // The core leaves lists out (null) when a document cannot be read at all.
    v.rules ??= [];
    v.reasons ??= [];
    v.notes ??= [];
    v.responseHeaders ??= [];
    v.request ??= { method: "", headers: [] };
    v.request.headers ??= [];
    const preflight = v.request.method === "OPTIONS";
    const method = { method: v.request.method };
    if (v.documentErrors) this.setVerdict(false, t("pf.notSimulatedDocument"));
    else if (v.allowed) this.setVerdict(true, preflight ? t("pf.allowedPreflight") : t("pf.allowedRequest", method));
    else this.setVerdict(false, preflight ? t("pf.blockedPreflight") : t("pf.blockedRequest", method));

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
      const first = v.reasons[0] ?? t("pf.noRuleApplies");
      // The list below explains each rule's miss; here the headline is enough.
      const text = first.startsWith("no rule matches;") ? t("pf.noRuleMatches") : first;
      this.rule.replaceChildren(el("span", text));
      return;
    }
    this.rule.dataset.rule = String(v.rule);
    const b = el("button", t("pf.showInEditor"), "pf-select");
    b.type = "button";
    b.dataset.testid = "preflight-rule-select";
    b.addEventListener("click", () => this.p.select(v.ruleFrom, v.ruleTo));
    const why = (v.reasons[0] ?? "").replace(/^rule \d+ matches: /, "");
    this.rule.replaceChildren(el("span", t("pf.ruleApplies", { index: v.rule, why })), " ", b);
  }

  private renderRules(v: PreflightValue) {
    // A hostile document can hold 100,000 rules: show the first ones, say how many are left.
    const all = v.rules ?? [];
    const items = all.slice(0, MAX_RULES_SHOWN).map((r) => {
      const li = el("li");
      li.dataset.rule = String(r.index);
      li.dataset.matched = String(r.matched);
      li.dataset.used = String(r.used);
      const verdict = r.used ? "pf.ruleUsed" : r.matched ? "pf.ruleMatches" : "pf.ruleMisses";
      const head = el("button", t(verdict, { index: r.index }), "pf-rule-head");
      head.type = "button";
      head.title = t("pf.selectRule");
      head.addEventListener("click", () => this.p.select(r.from, r.to));
      li.append(head);
      if (r.reasons.length > 0) {
        const ul = el("ul");
        for (const x of r.reasons) {
          const item = el("li");
          item.dataset.part = x.part;
          const b = el("button", undefined, "pf-reason");
          b.type = "button";
          b.append(el("span", t(`pf.part.${x.part}`), "pf-part"), " ", el("span", x.message));
          b.addEventListener("click", () => this.p.select(x.from, x.to));
          item.append(b);
          ul.append(item);
        }
        li.append(ul);
      }
      return li;
    });
    if (items.length === 0) items.push(el("li", t("pf.noRules"), "empty"));
    if (all.length > MAX_RULES_SHOWN) items.push(el("li", t("pf.moreRules", { count: all.length - MAX_RULES_SHOWN }), "empty"));
    fill(this.rules, items);
  }
}

const xmlEscape = (s: string) =>
  s.replace(/[&<>'"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" })[c]!);

/** the service's answer as HTTP lines: status line, CORS headers, and an error body. */
function responseText(v: PreflightValue): string {
  if (v.documentErrors) return t("pf.noAnswer");
  const lines: string[] = [];
  if (v.status > 0) lines.push(`HTTP/1.1 ${v.status} ${v.statusText ?? ""}`.trimEnd());
  else if (v.request.method !== "OPTIONS") lines.push(t("pf.ownStatus"));
  else lines.push(t("pf.statusUndocumented"));
  for (const h of v.responseHeaders) lines.push(`${h.name}: ${h.value}`);
  if (v.responseHeaders.length === 0) lines.push(t("pf.noCORSHeaders"));
  if (v.error) {
    lines.push("", `<Error><Code>${xmlEscape(v.error.code)}</Code><Message>${xmlEscape(v.error.message)}</Message></Error>`);
  }
  return lines.join("\n");
}

withPlayground((p) => {
  const section = document.getElementById("preflight-panel");
  if (section) new PreflightPanel(section, p);
});
