// Embed script for documentation pages (dist/embed-<hash>.js, an ES module):
//
//   <script type="module" src="/bucketlab/embed-<hash>.js"></script>
//   <pre data-bucketlab="cos/policy" data-readonly data-bucket="examplebucket-1250000000">{…}</pre>
//
// Every <pre data-bucketlab="provider/document[/format]"> becomes a small CodeMirror editor that
// the core checks: squiggles in the text, a compact list of problems under it, and a link that
// opens the document in the playground (index.html beside this script). Attributes:
//   data-readonly        the text can be selected and copied but not changed
//   data-bucket          the bucket the document is for (a policy's resources are checked against it)
//   data-region          passed on to the playground
// <pre data-bucketlab="#"> takes its document from the page's URL fragment instead, in the
// playground's share-link format (#v1=…, plus &readonly=1 and &theme=dark|light): embed.html.
//
// Lazy: the core (a Web Worker running the Go wasm) starts when the first block comes near the
// viewport, and a block is checked only once it has. One worker serves every block.
//
// Same origin: a Worker's script must come from the page's own origin, so the documentation page
// and dist/ must share an origin (any path). Otherwise embed dist/embed.html in an <iframe>.
// The page's CSP, if it has one, must allow script-src 'self' 'wasm-unsafe-eval' and worker-src
// 'self'; styles are added as constructed style sheets (no <style> element where supported).
//
// Theme: a block follows the host page. It is dark when <html> has data-theme="dark" or
// class="dark", light when it has data-theme="light" or class="light", and otherwise follows
// prefers-color-scheme; changes to either are followed live. Height: the editor grows with its
// lines up to --bucketlab-max-height (default 24rem; set it on the page), then scrolls.
//
// User text (the document, the core's messages that quote it) is only ever set with textContent
// or the editor's API, never parsed as HTML.

import { EditorView, lineNumbers } from "@codemirror/view";
import { fill } from "./dom";
import { Compartment, EditorState, type Extension, type Text } from "@codemirror/state";
import { minimalSetup } from "codemirror";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { jsonLanguage } from "@codemirror/lang-json";
import { xmlLanguage } from "@codemirror/lang-xml";
import { linter, type Diagnostic as CMDiagnostic } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import { createCore, type Core, type Diagnostic, type Response } from "./core";
import { Latest } from "./latest";
import { decode, encode } from "./share";
import type { PageState } from "./context";

// --- the shared core, started on first need -------------------------------------------------

let core: Core | null = null;
function getCore(): Core {
  // The worker's name is relative to this script, wherever the page itself lives.
  core ??= createCore(new URL(__BUCKETLAB_WORKER__, import.meta.url));
  return core;
}

/** a document as the playground's share links carry it. */
export interface EmbedDocument {
  provider: string;
  document: string;
  format?: string;
  source: string;
  bucket?: string;
  region?: string;
}

/** the share-link fragment (without '#') for a document. */
function fragment(d: EmbedDocument): string {
  // Only what the document needs: the playground keeps its own time and example keys.
  const state: Record<string, string> = { provider: d.provider, document: d.document, format: d.format ?? "", source: d.source };
  if (d.bucket) state.bucket = d.bucket;
  if (d.region) state.region = d.region;
  return encode(state as unknown as PageState);
}

/** the playground (index.html beside this script) opened on a document. */
export function playgroundLink(d: EmbedDocument): string {
  const url = new URL("index.html", import.meta.url);
  url.hash = fragment(d);
  return url.href;
}

/** embed.html (beside this script) showing a document: the src of an <iframe>. */
export function embedURL(d: EmbedDocument, opts: { readonly?: boolean; theme?: "light" | "dark" } = {}): string {
  const url = new URL("embed.html", import.meta.url);
  url.hash = fragment(d) + (opts.readonly ? "&readonly=1" : "") + (opts.theme ? `&theme=${opts.theme}` : "");
  return url.href;
}

// --- theme ------------------------------------------------------------------------------------

type Theme = "light" | "dark";
let forcedTheme: Theme | null = null; // embed.html's &theme=
const media = window.matchMedia("(prefers-color-scheme: dark)");

function hostTheme(): Theme {
  if (forcedTheme) return forcedTheme;
  const html = document.documentElement;
  const t = html.getAttribute("data-theme");
  if (t === "dark" || t === "light") return t;
  if (html.classList.contains("dark")) return "dark";
  if (html.classList.contains("light")) return "light";
  return media.matches ? "dark" : "light";
}

const blocks: Block[] = [];
let watching = false;

function watchTheme() {
  if (watching) return;
  watching = true;
  const update = () => blocks.forEach((b) => b.setTheme(hostTheme()));
  media.addEventListener("change", update);
  new MutationObserver(update).observe(document.documentElement, { attributes: true, attributeFilter: ["class", "data-theme"] });
}

// --- styles -----------------------------------------------------------------------------------

// Scoped under .bucketlab with our own variable names, so neither the host's styles nor ours leak.
const CSS = `
.bucketlab {
  --bl-fg: #1f2328; --bl-bg: #ffffff; --bl-muted: #59636e; --bl-border: #d1d9e0; --bl-panel: #f6f8fa;
  --bl-accent: #0969da; --bl-error: #cf222e; --bl-warning: #9a6700; --bl-info: #0969da; --bl-ok: #1a7f37;
  --bl-selection: #b6d6fb; --bl-string: #0a3069; --bl-number: #0550ae; --bl-property: #8250df;
  --bl-tag: #116329; --bl-attr: #953800; --bl-punct: #59636e;
  --bl-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  color-scheme: light;
  display: block; margin: 1em 0; text-align: left;
  border: 1px solid var(--bl-border); border-radius: 6px; overflow: hidden;
  color: var(--bl-fg); background: var(--bl-bg);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
.bucketlab[data-theme="dark"] {
  --bl-fg: #e6edf3; --bl-bg: #0d1117; --bl-muted: #9198a1; --bl-border: #3d444d; --bl-panel: #151b23;
  --bl-accent: #4493f8; --bl-error: #ff7b72; --bl-warning: #d29922; --bl-info: #58a6ff; --bl-ok: #3fb950;
  --bl-selection: #264f78; --bl-string: #a5d6ff; --bl-number: #79c0ff; --bl-property: #d2a8ff;
  --bl-tag: #7ee787; --bl-attr: #ffa657; --bl-punct: #9198a1;
  color-scheme: dark;
}
.bucketlab *, .bucketlab *::before, .bucketlab *::after { box-sizing: border-box; }
.bucketlab .bucketlab-problems {
  list-style: none; margin: 0; padding: 0.2rem 0.3rem; max-height: 8.5rem; overflow: auto;
  border-top: 1px solid var(--bl-border); background: var(--bl-panel);
}
.bucketlab .bucketlab-problems li { margin: 0; padding: 0; list-style: none; }
.bucketlab .bucketlab-problems li.bucketlab-note { padding: 0.15rem 0.35rem; color: var(--bl-muted); }
.bucketlab .bucketlab-problems li.bucketlab-ok::before { content: "✓ "; color: var(--bl-ok); }
.bucketlab .bucketlab-problems li.bucketlab-failed { color: var(--bl-error); }
.bucketlab .bucketlab-problems button {
  all: unset; display: block; width: 100%; cursor: pointer; border-radius: 4px;
  padding: 0.15rem 0.35rem; font: inherit; color: var(--bl-fg); overflow-wrap: anywhere;
}
.bucketlab .bucketlab-problems button:hover { background: var(--bl-bg); }
.bucketlab .bucketlab-problems button:focus-visible { outline: 2px solid var(--bl-accent); outline-offset: -2px; }
.bucketlab .bucketlab-pos, .bucketlab .bucketlab-code { font-family: var(--bl-mono); font-size: 12px; }
.bucketlab .bucketlab-pos { color: var(--bl-muted); }
.bucketlab .bucketlab-sev { font-weight: 600; }
.bucketlab [data-severity="error"] .bucketlab-sev { color: var(--bl-error); }
.bucketlab [data-severity="warning"] .bucketlab-sev { color: var(--bl-warning); }
.bucketlab [data-severity="info"] .bucketlab-sev, .bucketlab [data-severity="hint"] .bucketlab-sev { color: var(--bl-info); }
.bucketlab[data-state="busy"] .bucketlab-problems { opacity: 0.6; }
.bucketlab .bucketlab-bar {
  display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.2rem 1rem;
  padding: 0.2rem 0.6rem; border-top: 1px solid var(--bl-border); background: var(--bl-panel);
  color: var(--bl-muted); font-size: 12px;
}
.bucketlab .bucketlab-bar a { color: var(--bl-accent); text-decoration: none; }
.bucketlab .bucketlab-bar a:hover { text-decoration: underline; }
`;

let styled = false;
function addStyles() {
  if (styled) return;
  styled = true;
  // A constructed sheet needs no 'unsafe-inline' in the host's style-src; CodeMirror does the same.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = CSS;
    document.head.append(style);
  }
}

// --- the editor -------------------------------------------------------------------------------

const highlight = HighlightStyle.define([
  { tag: [tags.string, tags.attributeValue], color: "var(--bl-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--bl-number)" },
  { tag: tags.propertyName, color: "var(--bl-property)" },
  { tag: tags.tagName, color: "var(--bl-tag)" },
  { tag: tags.attributeName, color: "var(--bl-attr)" },
  { tag: [tags.comment, tags.processingInstruction, tags.documentMeta], color: "var(--bl-muted)" },
  { tag: [tags.angleBracket, tags.bracket, tags.separator, tags.punctuation], color: "var(--bl-punct)" },
  { tag: tags.invalid, color: "var(--bl-error)" },
]);

const editorTheme = EditorView.theme({
  "&": { color: "var(--bl-fg)", backgroundColor: "var(--bl-bg)", maxHeight: "var(--bucketlab-max-height, 24rem)", fontSize: "13px" },
  "&.cm-focused": { outline: "2px solid var(--bl-accent)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: "var(--bl-mono)", lineHeight: "1.5", overflow: "auto" },
  ".cm-content": { caretColor: "var(--bl-fg)", padding: "6px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--bl-fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--bl-selection)" },
  ".cm-gutters": { backgroundColor: "var(--bl-panel)", color: "var(--bl-muted)", borderRight: "1px solid var(--bl-border)" },
  ".cm-tooltip": { backgroundColor: "var(--bl-panel)", color: "var(--bl-fg)", border: "1px solid var(--bl-border)" },
});

/** the highlighting: the format if given, else guessed from the first character. */
function language(format: string, text: string): Extension {
  const f = format || ({ "<": "xml", "{": "json", "[": "json" } as Record<string, string>)[text.trimStart()[0]] || "";
  return f === "json" ? jsonLanguage : f === "xml" ? xmlLanguage : [];
}

const clamp = (n: number, max: number) => Math.min(Math.max(Number.isFinite(n) ? n : 0, 0), max);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const names: Record<string, string> = {
  cos: "Tencent COS", qingstor: "QingStor", s3: "AWS S3", cors: "CORS", policy: "policy", acl: "ACL",
  json: "JSON", xml: "XML", headers: "headers",
};

interface Spec {
  provider: string;
  document: string;
  format: string; // "" = the provider's native form
  readonly: boolean;
  bucket: string;
  region: string;
}

function specOf(pre: HTMLElement): Spec {
  const [provider = "", document = "", format = ""] = (pre.dataset.bucketlab ?? "").trim().toLowerCase().split("/");
  const ro = pre.dataset.readonly;
  return {
    provider,
    document,
    format,
    readonly: ro !== undefined && ro !== "false",
    bucket: pre.dataset.bucket ?? "",
    region: pre.dataset.region ?? "",
  };
}

interface CheckValue {
  format?: string;
}

type State = "lazy" | "busy" | "idle";

class Block {
  readonly root = el("div", undefined, "bucketlab");
  readonly view: EditorView;
  private readonly list = el("ul", undefined, "bucketlab-problems");
  private readonly label = el("span");
  private readonly link = el("a", "open in playground ↗");
  private readonly themeConf = new Compartment();
  private readonly checker = new Latest((source: string) => getCore().call<CheckValue>("check", this.request(source)));
  private resolveVisible!: () => void;
  private readonly visible = new Promise<void>((r) => (this.resolveVisible = r));
  private linkTimer = 0;

  constructor(
    private readonly spec: Spec,
    text: string,
  ) {
    const { root, list, link } = this;
    root.dataset.testid = "embed";
    root.dataset.provider = spec.provider;
    root.dataset.document = spec.document;
    if (spec.readonly) root.dataset.readonly = "";
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", `${this.title()} document`);
    list.dataset.testid = "embed-problems";
    list.setAttribute("aria-live", "polite");
    list.append(el("li", "checked when it scrolls into view", "bucketlab-note"));
    link.dataset.testid = "embed-open";
    link.target = "_blank";
    link.rel = "noopener";
    // The link is rebuilt shortly after edits, and at once when it is about to be followed.
    for (const type of ["pointerdown", "focus", "keydown"]) link.addEventListener(type, () => this.updateLink());
    this.label.textContent = this.title();
    const bar = el("div", undefined, "bucketlab-bar");
    bar.append(this.label, link);
    this.setState("lazy");

    const readOnly = spec.readonly ? [EditorState.readOnly.of(true)] : [];
    this.view = new EditorView({
      state: EditorState.create({
        doc: text,
        extensions: [
          minimalSetup,
          lineNumbers(),
          EditorView.lineWrapping,
          language(spec.format, text),
          syntaxHighlighting(highlight),
          editorTheme,
          this.themeConf.of(EditorView.darkTheme.of(false)),
          readOnly,
          linter((view) => this.lint(view), { delay: 100 }),
          EditorView.contentAttributes.of({ "aria-label": `${this.title()} document` }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            if (this.root.dataset.state !== "lazy") this.setState("busy");
            clearTimeout(this.linkTimer);
            this.linkTimer = window.setTimeout(() => this.updateLink(), 300);
          }),
        ],
      }),
    });
    root.append(this.view.dom, list, bar);
    this.setTheme(hostTheme());
    this.updateLink();
  }

  private title(format = this.spec.format) {
    return [this.spec.provider, this.spec.document, format].filter(Boolean).map((n) => names[n] ?? n).join(" · ");
  }

  private request(source: string) {
    const { provider, document, format, bucket } = this.spec;
    return { provider, document, ...(format ? { format } : {}), ...(bucket ? { bucket } : {}), source };
  }

  /** called once the block comes near the viewport. */
  show() {
    this.resolveVisible();
  }

  setTheme(t: Theme) {
    if (this.root.dataset.theme === t) return;
    this.root.dataset.theme = t;
    this.view.dispatch({ effects: this.themeConf.reconfigure(EditorView.darkTheme.of(t === "dark")) });
  }

  private setState(s: State) {
    this.root.dataset.state = s;
    this.list.dataset.state = s;
  }

  private updateLink() {
    clearTimeout(this.linkTimer);
    this.link.href = playgroundLink({ ...this.spec, source: this.view.state.doc.toString() });
  }

  private async lint(view: EditorView): Promise<CMDiagnostic[]> {
    await this.visible;
    const doc = view.state.doc;
    this.setState("busy");
    const res = await this.checker.run(doc.toString());
    // A newer edit has its own lint coming; CodeMirror drops this answer too.
    if (view.state.doc !== doc) return [];
    this.render(res, doc);
    return (res.diagnostics ?? []).map((d) => {
      const from = clamp(d.from, doc.length);
      return {
        from,
        to: Math.max(from, clamp(d.to, doc.length)),
        severity: d.severity === "hint" ? "info" : d.severity,
        message: `${d.code}: ${d.message}`,
      };
    });
  }

  private render(res: Response<CheckValue>, doc: Text) {
    const rows: HTMLLIElement[] = (res.diagnostics ?? []).map((d) => this.row(d, doc));
    if (!res.ok) {
      const li = el("li", `not checked: ${res.error.message}`, "bucketlab-note bucketlab-failed");
      li.dataset.error = res.error.code;
      rows.unshift(li);
    } else if (rows.length === 0) {
      rows.push(el("li", "no problems", "bucketlab-note bucketlab-ok"));
    }
    if (res.ok && res.value.format) this.label.textContent = this.title(res.value.format);
    fill(this.list, rows);
    this.setState("idle");
  }

  private row(d: Diagnostic, doc: Text): HTMLLIElement {
    const li = el("li");
    li.dataset.code = d.code;
    li.dataset.severity = d.severity;
    li.dataset.line = String(d.line);
    li.dataset.column = String(d.column);
    const b = el("button");
    b.type = "button";
    b.title = "show in the document";
    b.append(
      el("span", `${d.line}:${d.column}`, "bucketlab-pos"), " ",
      el("span", d.severity, "bucketlab-sev"), " ",
      el("span", d.code, "bucketlab-code"), " ",
      el("span", d.message, "bucketlab-msg"),
    );
    b.addEventListener("click", () => {
      const length = this.view.state.doc.length;
      const from = clamp(d.from, length);
      const to = this.view.state.doc === doc ? Math.max(from, clamp(d.to, length)) : from;
      this.view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
      this.view.focus();
    });
    li.append(b);
    return li;
  }

  fail(message: string) {
    const li = el("li", `the checker could not start: ${message}`, "bucketlab-note bucketlab-failed");
    li.dataset.error = "internal";
    this.list.replaceChildren(li);
    this.setState("idle");
  }
}

// --- finding the blocks -----------------------------------------------------------------------

let observer: IntersectionObserver | null = null;
const byRoot = new WeakMap<Element, Block>();
const mounted = new WeakSet<Element>();

function observe(b: Block) {
  // Start a little before the block is visible, so its problems are there when the reader is.
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer!.unobserve(e.target);
        const block = byRoot.get(e.target);
        if (!block) continue;
        getCore().ready.catch((err: Error) => block.fail(err.message));
        block.show();
      }
    },
    { rootMargin: "0px 0px 200px 0px" },
  );
  byRoot.set(b.root, b);
  observer.observe(b.root);
}

/** fills a <pre data-bucketlab="#"> from the page's URL fragment (embed.html). */
function fromFragment(pre: HTMLElement): boolean {
  const params = new URLSearchParams(location.hash.slice(1));
  const theme = params.get("theme");
  if (theme === "dark" || theme === "light") forcedTheme = theme;
  const d = decode(location.hash);
  const s = d?.state;
  if (!s || !s.provider || !s.document || typeof s.source !== "string") {
    pre.textContent = "This embed needs a document in its URL: embed.html#v1=… (the fragment of a playground share link).";
    pre.removeAttribute("data-bucketlab");
    return false;
  }
  pre.dataset.bucketlab = [s.provider, s.document, s.format].filter(Boolean).join("/");
  if (params.get("readonly") === "1") pre.dataset.readonly = "";
  if (s.bucket) pre.dataset.bucket = s.bucket;
  if (s.region) pre.dataset.region = s.region;
  pre.textContent = s.source;
  // Another document in the same frame: start over.
  window.addEventListener("hashchange", () => location.reload(), { once: true });
  return true;
}

/** turns one <pre data-bucketlab> into an editor; returns its root, or null if it is not one. */
export function mount(pre: HTMLElement): HTMLElement | null {
  if (mounted.has(pre) || pre.dataset.bucketlab === undefined || !pre.isConnected) return null;
  mounted.add(pre);
  if (pre.dataset.bucketlab === "#" && !fromFragment(pre)) return null;
  addStyles();
  watchTheme();
  // The HTML parser already drops the newline right after <pre>; drop the one before </pre>.
  const text = (pre.textContent ?? "").replace(/\r\n?/g, "\n").replace(/\n$/, "");
  const block = new Block(specOf(pre), text);
  blocks.push(block);
  pre.replaceWith(block.root);
  observe(block);
  return block.root;
}

/** mounts every <pre data-bucketlab> under root; call it again for content added later. */
export function mountAll(root: ParentNode = document): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const pre of root.querySelectorAll<HTMLElement>("pre[data-bucketlab]")) {
    const r = mount(pre);
    if (r) out.push(r);
  }
  return out;
}

// --- iframes ----------------------------------------------------------------------------------

// Inside an iframe (embed.html), tell the parent how tall the content is; a page that includes
// this script resizes its embed.html iframes to fit. Only a number crosses, so any origin may hear it.
const HEIGHT = "bucketlab-embed-height";
if (window.parent !== window) {
  new ResizeObserver(() => {
    // The body's own height: the root's scrollHeight is never less than the frame, so it can't shrink.
    window.parent.postMessage({ type: HEIGHT, height: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
  }).observe(document.body);
}
window.addEventListener("message", (e: MessageEvent) => {
  const m = e.data as { type?: unknown; height?: unknown } | null;
  if (!m || m.type !== HEIGHT || typeof m.height !== "number" || !(m.height > 0)) return;
  for (const f of document.querySelectorAll("iframe")) {
    if (f.contentWindow === e.source) f.style.height = `${Math.min(m.height, 4000)}px`;
  }
});

// Module scripts run after the document is parsed.
mountAll();
