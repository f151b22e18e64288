// The policy decision panel: while the document is a bucket policy, it asks the core's `evaluate`
// op what the policy decides for one request (who, which action, which resource, with which
// context keys) and why each statement applies or not. It runs 150 ms after any change of its
// inputs, the document or the settings; only the answer to the newest input is shown.
//
// Everything from the document, the inputs or the core is set with textContent, never as markup.
// The panel's own texts come from t() (i18n.ts) and follow a language change; the core's
// diagnostics come translated (requests carry `lang`), its summary, reasons and notes stay English.

import { core } from "./boot";
import { fill } from "./dom";
import type { Diagnostic, Response } from "./core";
import { withPlayground, type Playground } from "./context";
import { bindText, onLanguageChange, registerStrings, requestLang, t } from "./i18n";
import { Latest } from "./latest";
import { messageParts } from "./panels";
import type { Provider } from "./samples";

registerStrings({
  "ev.title": "policy decision",
  "ev.intro": "What the policy above decides for one request, and why each statement applies or not.",
  "ev.principal": "principal (who; * for anonymous)",
  "ev.action": "action",
  "ev.resource": "resource",
  "ev.context": "context (one key=value per line)",
  "ev.statementsBlock": "statements",
  "ev.principalPlaceholder": "* or {example}",
  "ev.contextPlaceholder": "key=value",
  "ev.contextProblem": "line {line}: write key=value, e.g. {example}",
  "ev.allow": "allowed",
  "ev.explicitDeny": "explicitly denied",
  "ev.implicitDeny": "implicitly denied",
  "ev.notEvaluatedRequest": "not evaluated: correct the request above",
  "ev.notEvaluatedDocument": "not evaluated: fix the document's errors first",
  "ev.showInEditor": "show in the editor",
  "ev.selectIt": "select it in the editor",
  "ev.selectStatement": "select the statement in the editor",
  "ev.leftOut": "left out: cannot be evaluated",
  "ev.decides": "decides",
  "ev.matches": "matches",
  "ev.doesNotApply": "does not apply",
  "ev.statement": "statement {n}",
  "ev.statementSid": "statement {n} ({sid})",
  "ev.noEffect": "no effect",
  "ev.part.principal": "principal",
  "ev.part.action": "action",
  "ev.part.resource": "resource",
  "ev.part.condition": "condition",
  "ev.part.effect": "effect",
  "ev.noStatements": "no statement to evaluate",
});

type Decision = "allow" | "explicit-deny" | "implicit-deny";

interface Reason {
  part: "principal" | "action" | "resource" | "condition" | "effect";
  matched: boolean;
  message: string;
  path: string;
  from: number; // UTF-16 offsets into the source
  to: number;
}

interface StatementResult {
  index: number;
  sid?: string;
  effect: string;
  matched: boolean;
  evaluated: boolean;
  from: number;
  to: number;
  reasons: Reason[];
}

/** value of the core's `evaluate` op. */
export interface EvaluateValue {
  decision: Decision;
  statement: number; // -1: no statement decides
  order: "deny-overrides" | "first-match";
  summary: string;
  evaluated: boolean;
  documentErrors: boolean;
  notes: string[];
  statements: StatementResult[];
}

const DEBOUNCE_MS = 150;

/** a request each provider's sample policy (samples.ts) allows, and context keys it knows. */
const defaults: Record<Provider, { principal: string; action: string; resource: string; context: string }> = {
  s3: {
    principal: "*",
    action: "s3:GetObject",
    resource: "arn:aws:s3:::examplebucket/photo.jpg",
    context: "aws:SourceIp=192.0.2.10\naws:SecureTransport=true",
  },
  cos: {
    principal: "*",
    action: "name/cos:GetObject",
    resource: "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/photo.jpg",
    context: "qcs:ip=192.0.2.10\ncos:secure-transport=true",
  },
  qingstor: {
    principal: "*",
    action: "get_object",
    resource: "mybucket/photo.jpg",
    context: "source_ip=192.0.2.10\nReferer=https://www.example.com/",
  },
};

/** the principal's placeholder is "* or " this, in the page's language. */
const placeholders: Record<Provider, { principal: string; action: string; resource: string }> = {
  s3: { principal: "arn:aws:iam::123456789012:user/Dave", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" },
  cos: {
    principal: "qcs::cam::uin/100000000001:uin/100000000011",
    action: "name/cos:GetObject",
    resource: "qcs::cos:<region>:uid/<APPID>:<bucket>-<APPID>/key",
  },
  qingstor: { principal: "usr-1mvNCzZu", action: "get_object", resource: "bucket/key" },
};

const decisionKey: Record<Decision, string> = {
  allow: "ev.allow",
  "explicit-deny": "ev.explicitDeny",
  "implicit-deny": "ev.implicitDeny",
};

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

function field<T extends HTMLInputElement | HTMLTextAreaElement>(id: string, labelKey: string, control: T, className = "ev-field") {
  control.id = id;
  control.dataset.testid = id;
  control.spellcheck = false;
  control.autocomplete = "off";
  const wrap = el("div", undefined, className);
  const l = bindText(el("label"), labelKey);
  l.htmlFor = id;
  wrap.append(l, control);
  return wrap;
}

function block(titleKey: string, content: HTMLElement): HTMLElement {
  const b = el("div", undefined, "block");
  const head = el("div", undefined, "block-head");
  head.append(bindText(el("h3"), titleKey));
  b.append(head, content);
  return b;
}

/** reads the context textarea: one key=value per line; a key given twice has several values. */
export function parseContext(text: string): { context: Record<string, string[]>; problems: string[] } {
  const context: Record<string, string[]> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (l === "" || l.startsWith("#")) return;
    const eq = l.indexOf("=");
    const key = eq < 0 ? "" : l.slice(0, eq).trim();
    if (key === "") {
      problems.push(t("ev.contextProblem", { line: i + 1, example: "aws:SourceIp=192.0.2.10" }));
      return;
    }
    (context[key] ??= []).push(l.slice(eq + 1).trim());
  });
  return { context, problems };
}

class EvaluatePanel {
  private readonly principal = el("input");
  private readonly action = el("input");
  private readonly resource = el("input");
  private readonly context = el("textarea");
  private readonly contextProblems = el("ul", undefined, "ev-notes");
  private readonly problem = el("p", undefined, "status");
  private readonly decision = el("p", undefined, "ev-decision");
  private readonly deciding = el("div", undefined, "ev-deciding");
  private readonly statements = el("ul", undefined, "ev-statements");
  private readonly notes = el("ul", undefined, "ev-notes");
  private readonly diags = el("ul", undefined, "ev-diags");
  private readonly caller = new Latest((req: object) => core.call<EvaluateValue>("evaluate", req));
  private provider: Provider;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** the answer shown, written again on a language change. */
  private shown: Response<EvaluateValue> | null = null;

  constructor(
    private readonly section: HTMLElement,
    private readonly p: Playground,
  ) {
    this.provider = p.state().provider;
    this.fillDefaults(this.provider);
    this.context.rows = 3;

    this.problem.dataset.testid = "evaluate-error";
    this.problem.hidden = true;
    this.decision.dataset.testid = "evaluate-decision";
    this.decision.setAttribute("role", "status");
    this.deciding.dataset.testid = "evaluate-statement";
    this.statements.dataset.testid = "evaluate-statements";
    this.notes.dataset.testid = "evaluate-notes";
    this.diags.dataset.testid = "evaluate-diagnostics";
    this.diags.hidden = true;
    this.contextProblems.dataset.testid = "evaluate-context-problems";
    this.contextProblems.hidden = true;
    this.notes.hidden = true;

    const inputs = el("div", undefined, "ev-inputs");
    inputs.append(
      field("evaluate-principal", "ev.principal", this.principal),
      field("evaluate-action", "ev.action", this.action),
      field("evaluate-resource", "ev.resource", this.resource, "ev-field ev-wide"),
      field("evaluate-context", "ev.context", this.context, "ev-field ev-wide"),
    );
    const heading = bindText(el("h2"), "ev.title");
    heading.dataset.testid = "evaluate-title";
    section.replaceChildren(
      heading,
      bindText(el("p", undefined, "note"), "ev.intro"),
      inputs,
      this.contextProblems,
      this.problem,
      this.decision,
      this.deciding,
      this.diags,
      block("ev.statementsBlock", this.statements),
      this.notes,
    );
    bindText(section, "ev.title", "aria-label");

    for (const c of [this.principal, this.action, this.resource, this.context]) c.addEventListener("input", () => this.schedule());
    p.onChange(() => this.providerChanged());
    // The answer in the new language now; the re-run brings the diagnostics in it.
    onLanguageChange(() => {
      this.setPlaceholders(this.provider);
      if (this.shown) this.render(this.shown);
      this.schedule();
    });
    this.schedule();
  }

  /** follows the provider's defaults while a field still holds the previous provider's. */
  private providerChanged() {
    const now = this.p.state().provider;
    if (now !== this.provider) {
      const before = defaults[this.provider];
      const after = defaults[now];
      const fields = [
        [this.principal, "principal"],
        [this.action, "action"],
        [this.resource, "resource"],
        [this.context, "context"],
      ] as const;
      for (const [c, k] of fields) if (c.value === "" || c.value === before[k]) c.value = after[k];
      this.setPlaceholders(now);
      this.provider = now;
    }
    this.schedule();
  }

  private fillDefaults(provider: Provider) {
    const d = defaults[provider];
    this.principal.value = d.principal;
    this.action.value = d.action;
    this.resource.value = d.resource;
    this.context.value = d.context;
    this.setPlaceholders(provider);
  }

  private setPlaceholders(provider: Provider) {
    const ph = placeholders[provider];
    this.principal.placeholder = t("ev.principalPlaceholder", { example: ph.principal });
    this.action.placeholder = ph.action;
    this.resource.placeholder = ph.resource;
    this.context.placeholder = t("ev.contextPlaceholder");
  }

  private visible(): boolean {
    const show = this.p.state().document === "policy";
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
    const { context, problems } = parseContext(this.context.value);
    this.contextProblems.replaceChildren(...problems.map((x) => el("li", x)));
    this.contextProblems.hidden = problems.length === 0;
    const req = {
      provider: s.provider,
      document: "policy",
      ...(s.format ? { format: s.format } : {}),
      source: s.source,
      principal: this.principal.value.trim(),
      action: this.action.value.trim(),
      resource: this.resource.value.trim(),
      context,
      lang: requestLang(),
    };
    const res: Response<EvaluateValue> = await this.caller.run(req);
    if (gen !== this.generation) return; // newer input is on its way
    this.render(res);
    this.section.dataset.state = "idle";
  }

  private render(res: Response<EvaluateValue>) {
    this.shown = res;
    if (!res.ok) {
      this.problem.hidden = false;
      this.problem.textContent = `${res.error.code}: ${res.error.message}`;
      this.setDecision(null, t("ev.notEvaluatedRequest"));
      this.deciding.dataset.statement = "-1";
      this.deciding.replaceChildren();
      this.statements.replaceChildren();
      this.notes.replaceChildren();
      this.notes.hidden = true;
      this.renderDiagnostics([]);
      return;
    }
    this.problem.hidden = true;
    this.problem.textContent = "";
    const v = res.value;
    if (!v.evaluated) this.setDecision(v.decision, t("ev.notEvaluatedDocument"));
    else this.setDecision(v.decision, decisionKey[v.decision] ? t(decisionKey[v.decision]) : v.decision);
    this.decision.dataset.evaluated = String(v.evaluated);
    this.renderDeciding(v);
    this.renderStatements(v);
    this.notes.replaceChildren(...v.notes.map((n) => el("li", n)));
    this.notes.hidden = v.notes.length === 0;
    this.renderDiagnostics(res.diagnostics);
  }

  /** what the document's problems do to the decision (the problems list shows the rest). */
  private renderDiagnostics(diags: Diagnostic[]) {
    const own = diags.filter((d) => d.code.startsWith("policy-evaluate-"));
    this.diags.replaceChildren(
      ...own.map((d) => {
        const li = el("li");
        li.dataset.code = d.code;
        const b = el("button", undefined, "ev-reason");
        b.type = "button";
        b.title = t("ev.selectIt");
        b.append(el("span", `${d.line}:${d.column}`, "ev-part"), " ", ...messageParts(d));
        b.addEventListener("click", () => this.p.select(d.from, d.to));
        li.append(b);
        return li;
      }),
    );
    this.diags.hidden = own.length === 0;
  }

  private setDecision(decision: Decision | null, text: string) {
    this.decision.dataset.decision = decision ?? "";
    this.decision.textContent = text;
  }

  private renderDeciding(v: EvaluateValue) {
    this.deciding.dataset.statement = String(v.statement);
    const summary = el("span", v.summary, "ev-summary");
    const s = v.statements[v.statement];
    if (v.statement < 0 || !s) {
      this.deciding.replaceChildren(summary);
      return;
    }
    const b = el("button", t("ev.showInEditor"), "ev-select");
    b.type = "button";
    b.dataset.testid = "evaluate-statement-select";
    b.addEventListener("click", () => this.p.select(s.from, s.to));
    this.deciding.replaceChildren(summary, " ", b);
  }

  private renderStatements(v: EvaluateValue) {
    const items = v.statements.map((s) => {
      const li = el("li");
      li.dataset.index = String(s.index);
      li.dataset.matched = String(s.matched);
      li.dataset.evaluated = String(s.evaluated);
      li.dataset.decides = String(s.index === v.statement);
      const verdict = t(
        !s.evaluated ? "ev.leftOut" : s.index === v.statement ? "ev.decides" : s.matched ? "ev.matches" : "ev.doesNotApply",
      );
      const name = s.sid ? t("ev.statementSid", { n: s.index + 1, sid: s.sid }) : t("ev.statement", { n: s.index + 1 });
      const head = el("button", undefined, "ev-head");
      head.type = "button";
      head.title = t("ev.selectStatement");
      head.append(
        el("span", name, "ev-name"),
        " ",
        el("span", s.effect || t("ev.noEffect"), "ev-effect"),
        " ",
        el("span", verdict, "ev-verdict"),
      );
      head.addEventListener("click", () => this.p.select(s.from, s.to));
      li.append(head);
      if (s.reasons.length > 0) {
        const ul = el("ul");
        for (const r of s.reasons) {
          const item = el("li");
          item.dataset.part = r.part;
          item.dataset.matched = String(r.matched);
          const b = el("button", undefined, "ev-reason");
          b.type = "button";
          b.title = t("ev.selectIt");
          b.append(el("span", r.matched ? "✓" : "✗", "ev-mark"), " ", el("span", t(`ev.part.${r.part}`), "ev-part"), " ", el("span", r.message));
          b.addEventListener("click", () => this.p.select(r.from, r.to));
          item.append(b);
          ul.append(item);
        }
        li.append(ul);
      }
      return li;
    });
    if (items.length === 0) items.push(el("li", t("ev.noStatements"), "empty"));
    fill(this.statements, items);
  }
}

withPlayground((p) => {
  const section = document.getElementById("evaluate-panel");
  if (section) new EvaluatePanel(section, p);
});
