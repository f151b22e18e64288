// The conversion panel: it asks the core's `convert` op to carry the document over to another
// provider or form (QingStor JSON ↔ COS XML ↔ S3 XML or console JSON; ACL body ↔ headers; the
// three policy dialects), shows the converted document, what could not be carried over (each
// row selects the SOURCE element in the editor), and whether the output passes the target's own
// check. "open in editor" makes the converted document the edited one. It runs 150 ms after any
// change of its inputs, the document or the settings; only the answer to the newest input is shown.
//
// Everything from the document, the inputs or the core is set with textContent, never as markup.
// The panel's own texts come from t() (i18n.ts) and follow a language change; the core's
// diagnostics come translated (requests carry `lang`) with the English under them.

import { core } from "./boot";
import { fill } from "./dom";
import type { Diagnostic, Response } from "./core";
import { withPlayground, type Playground } from "./context";
import { bindText, onLanguageChange, registerStrings, requestLang, t } from "./i18n";
import { Latest } from "./latest";
import { messageParts } from "./panels";
import { formats, nativeFormat, type DocKind, type Format, type Provider } from "./samples";

registerStrings({
  "cv.title": "convert",
  "cv.intro":
    "The document above for another provider or form. What cannot be carried over is listed; each row selects its place in the document.",
  "cv.toProvider": "to provider",
  "cv.format": "format",
  "cv.appid": "COS APPID",
  "cv.region": "COS region",
  "cv.owner": "bucket owner's id at the target",
  "cv.ids": "id map (for accounts and users)",
  "cv.idsPlaceholder": "source id = target id, one per line",
  "cv.outputBlock": "converted document",
  "cv.open": "open in editor",
  "cv.openTitle": "make the converted document the edited one",
  "cv.provider.cos": "Tencent COS",
  "cv.provider.qingstor": "QingStor",
  "cv.provider.s3": "AWS S3",
  "cv.format.headers": "headers",
  "cv.native": "{format} (native)",
  "cv.notConvertedRequest": "not converted: correct the request above",
  "cv.notConvertedDocument": "not converted: fix the document's errors first",
  "cv.part.one": "1 part",
  "cv.part.other": "{n} parts",
  "cv.error.one": "1 error",
  "cv.error.other": "{n} errors",
  "cv.itPasses": "it passes {where}'s check",
  "cv.itHasErrors": "it has {errors} under {where}'s check",
  "cv.lost": "{parts} could not be carried over (listed below, kept as written); {check}",
  "cv.passes": "the output passes {where}'s check",
  "cv.hasErrors": "the output has {errors} under {where}'s check",
  "cv.where": "{provider} {format}",
  "cv.selectIt": "select it in the editor",
  "cv.nothingLost": "nothing lost",
});

/** value of the core's `convert` op. */
export interface ConvertValue {
  source: string; // "" when the document has errors
  provider: Provider;
  document: DocKind;
  format: Format;
  check: { ok: boolean; diagnostics: number; errors: number };
}

const DEBOUNCE_MS = 150;
const PROVIDERS: Provider[] = ["cos", "qingstor", "s3"];
const providerName = (p: Provider) => (PROVIDERS.includes(p) ? t(`cv.provider.${p}`) : p);
const formatName = (f: Format) => (f === "headers" ? t("cv.format.headers") : f === "json" || f === "xml" ? f.toUpperCase() : f);
/** "1 part", "2 parts": key.one or key.other. */
const count = (n: number, key: string) => t(n === 1 ? `${key}.one` : `${key}.other`, { n });

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

function field(id: string, labelKey: string, control: HTMLElement, className = "cv-field"): HTMLElement {
  control.id = id;
  control.dataset.testid = id;
  const wrap = el("div", undefined, className);
  const l = bindText(el("label"), labelKey);
  l.htmlFor = id;
  wrap.append(l, control);
  return wrap;
}

function text(placeholder: string): HTMLInputElement {
  const i = el("input");
  i.spellcheck = false;
  i.autocomplete = "off";
  i.placeholder = placeholder;
  return i;
}

/** reads the id map: one "source id = target id" per line (or separated by commas). */
export function parseIDs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(/[\n,]/)) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const from = part.slice(0, eq).trim();
    const to = part.slice(eq + 1).trim();
    if (from && to) out[from] = to;
  }
  return out;
}

class ConvertPanel {
  private readonly provider = el("select");
  private readonly format = el("select");
  private readonly appid = text("1250000000");
  private readonly region = text("ap-guangzhou");
  private readonly owner = text("");
  private readonly ids = el("textarea");
  private readonly appidField: HTMLElement;
  private readonly regionField: HTMLElement;
  private readonly ownerField: HTMLElement;
  private readonly idsField: HTMLElement;
  private readonly problem = el("p", undefined, "status");
  private readonly summary = el("p", undefined, "cv-check");
  private readonly diagnostics = el("ul", undefined, "diagnostics cv-diagnostics");
  private readonly output = el("pre", undefined, "cv-output");
  private readonly open = bindText(el("button", undefined, "cv-open"), "cv.open");
  private readonly caller = new Latest((req: object) => core.call<ConvertValue>("convert", req));
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** the user picked the target provider; until then it follows the page's provider. */
  private picked = false;
  private last: ConvertValue | null = null;
  /** the answer shown, written again on a language change. */
  private shown: Response<ConvertValue> | null = null;

  constructor(
    private readonly section: HTMLElement,
    private readonly p: Playground,
  ) {
    for (const id of PROVIDERS) {
      const o = bindText(el("option"), `cv.provider.${id}`);
      o.value = id;
      this.provider.append(o);
    }
    this.provider.autocomplete = "off";
    this.format.autocomplete = "off";
    this.ids.rows = 2;
    this.ids.spellcheck = false;
    bindText(this.ids, "cv.idsPlaceholder", "placeholder");

    this.problem.dataset.testid = "convert-error";
    this.problem.hidden = true;
    this.summary.dataset.testid = "convert-check";
    this.summary.setAttribute("role", "status");
    this.diagnostics.dataset.testid = "convert-diagnostics";
    this.output.dataset.testid = "convert-output";
    this.open.type = "button";
    this.open.dataset.testid = "convert-open";
    bindText(this.open, "cv.openTitle", "title");
    this.open.disabled = true;

    this.appidField = field("convert-appid", "cv.appid", this.appid);
    this.regionField = field("convert-region", "cv.region", this.region);
    this.ownerField = field("convert-owner", "cv.owner", this.owner, "cv-field cv-wide");
    this.idsField = field("convert-ids", "cv.ids", this.ids, "cv-field cv-wide");
    const inputs = el("div", undefined, "cv-inputs");
    inputs.append(
      field("convert-provider", "cv.toProvider", this.provider),
      field("convert-format", "cv.format", this.format),
      this.appidField,
      this.regionField,
      this.ownerField,
      this.idsField,
    );
    const head = el("div", undefined, "block-head");
    head.append(bindText(el("h3"), "cv.outputBlock"), this.open);
    const out = el("div", undefined, "block");
    out.append(head, this.output);
    const heading = bindText(el("h2"), "cv.title");
    heading.dataset.testid = "convert-title";
    section.replaceChildren(
      heading,
      bindText(el("p", undefined, "note"), "cv.intro"),
      inputs,
      this.problem,
      this.summary,
      this.diagnostics,
      out,
    );
    bindText(section, "cv.title", "aria-label");
    section.hidden = false;

    this.provider.value = this.defaultTarget();
    this.updateFormats();
    this.provider.addEventListener("change", () => {
      this.picked = true;
      this.updateFormats();
      this.schedule();
    });
    this.format.addEventListener("change", () => this.schedule());
    for (const c of [this.appid, this.region, this.owner, this.ids]) c.addEventListener("input", () => this.schedule());
    this.open.addEventListener("click", () => this.openInEditor());
    p.onChange(() => {
      if (!this.picked) this.provider.value = this.defaultTarget();
      this.updateFormats();
      this.schedule();
    });
    // The answer in the new language now; the re-run brings the diagnostics in it.
    onLanguageChange(() => {
      this.updateFormats();
      if (this.shown) this.render(this.shown);
      this.schedule();
    });
    this.schedule();
  }

  /** another provider than the page's: COS, then S3, then QingStor. */
  private defaultTarget(): Provider {
    const from = this.p.state().provider;
    return (["cos", "s3", "qingstor"] as Provider[]).find((x) => x !== from) ?? "cos";
  }

  private target(): Provider {
    return this.provider.value as Provider;
  }

  /** offers only the formats the target takes for the document; keeps the pick when it can. */
  private updateFormats() {
    const doc = this.p.state().document;
    const allowed = formats(this.target(), doc);
    const keep = this.format.value as Format;
    this.format.replaceChildren(
      ...allowed.map((f) => {
        const o = el("option", f === nativeFormat(this.target(), doc) ? t("cv.native", { format: formatName(f) }) : formatName(f));
        o.value = f;
        return o;
      }),
    );
    this.format.value = allowed.includes(keep) ? keep : allowed[0];
    // The fields a conversion of this document to this target can use.
    const cross = this.target() !== this.p.state().provider;
    this.appidField.hidden = this.regionField.hidden = !(doc === "policy" && this.target() === "cos");
    this.ownerField.hidden = !(doc === "acl" && this.format.value !== "json");
    this.idsField.hidden = doc === "cors" || (!cross && doc === "policy");
  }

  private schedule() {
    this.generation++;
    clearTimeout(this.timer);
    this.section.dataset.state = "busy";
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  private async run() {
    const gen = this.generation;
    const s = this.p.state();
    this.updateFormats();
    const req: Record<string, unknown> = {
      provider: s.provider,
      document: s.document,
      ...(s.format ? { format: s.format } : {}),
      source: s.source,
      to: { provider: this.target(), format: this.format.value },
      lang: requestLang(),
    };
    if (!this.appidField.hidden && this.appid.value.trim()) req.appid = this.appid.value.trim();
    if (!this.regionField.hidden && this.region.value.trim()) req.region = this.region.value.trim();
    if (!this.ownerField.hidden && this.owner.value.trim()) req.owner = this.owner.value.trim();
    if (!this.idsField.hidden) {
      const ids = parseIDs(this.ids.value);
      if (Object.keys(ids).length > 0) req.ids = ids;
    }
    const res: Response<ConvertValue> = await this.caller.run(req);
    if (gen !== this.generation) return; // newer input is on its way
    this.render(res);
    this.section.dataset.state = "idle";
  }

  private render(res: Response<ConvertValue>) {
    this.shown = res;
    this.renderDiagnostics(res.diagnostics ?? []);
    if (!res.ok) {
      this.last = null;
      this.problem.hidden = false;
      this.problem.textContent = `${res.error.code}: ${res.error.message}`;
      this.setSummary(null, t("cv.notConvertedRequest"));
      this.output.textContent = "";
      this.open.disabled = true;
      return;
    }
    this.problem.hidden = true;
    this.problem.textContent = "";
    const v = res.value;
    const where = t("cv.where", { provider: providerName(v.provider), format: formatName(v.format) });
    if (v.source === "") {
      this.last = null;
      this.setSummary(null, t("cv.notConvertedDocument"));
      this.output.textContent = "";
      this.open.disabled = true;
      return;
    }
    this.last = v;
    this.output.textContent = v.source;
    this.open.disabled = false;
    const lost = (res.diagnostics ?? []).filter((d) => d.severity === "error").length;
    const errors = count(v.check.errors, "cv.error");
    const check = v.check.ok ? t("cv.itPasses", { where }) : t("cv.itHasErrors", { errors, where });
    if (lost > 0) this.setSummary(false, t("cv.lost", { parts: count(lost, "cv.part"), check }));
    else if (v.check.ok) this.setSummary(true, t("cv.passes", { where }));
    else this.setSummary(false, t("cv.hasErrors", { errors, where }));
  }

  private setSummary(ok: boolean | null, text: string) {
    this.summary.dataset.ok = ok === null ? "" : String(ok);
    this.summary.textContent = text;
  }

  private renderDiagnostics(diags: Diagnostic[]) {
    const rows = diags.map((d) => {
      const li = el("li", undefined, `sev-${d.severity}`);
      li.dataset.code = d.code;
      li.dataset.severity = d.severity;
      li.dataset.line = String(d.line);
      li.dataset.column = String(d.column);
      const b = el("button");
      b.type = "button";
      b.title = t("cv.selectIt");
      b.append(
        el("span", `${d.line}:${d.column}`, "pos"),
        " ",
        el("span", t(`severity.${d.severity}`), "sev"),
        " ",
        el("span", d.code, "code"),
        " ",
        ...messageParts(d),
      );
      b.addEventListener("click", () => this.p.select(d.from, d.to));
      li.append(b);
      return li;
    });
    if (rows.length === 0) rows.push(el("li", t("cv.nothingLost"), "empty"));
    fill(this.diagnostics, rows);
  }

  private openInEditor() {
    const v = this.last;
    if (!v) return;
    const native = nativeFormat(v.provider, v.document);
    this.p.apply({ provider: v.provider, document: v.document, format: v.format === native ? "" : v.format, source: v.source });
  }
}

withPlayground((p) => {
  const section = document.getElementById("convert-panel");
  if (section) new ConvertPanel(section, p);
});
