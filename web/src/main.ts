// The playground page: settings, a CodeMirror editor linted by the core, and the output panels.
//
// One `compose` call serves both the editor's lint markers and the panels: CodeMirror's linter
// runs it 100 ms after the last edit (or settings change), Latest keeps one call in flight, and
// a generation counter drops answers to input that has changed since ("latest input wins").

import "./theme"; // first of all: dark mode and the language (i18n.ts) before anything renders
import { core } from "./boot"; // first: starts the worker before anything else runs
import { basicSetup, EditorView } from "codemirror";
import { EditorState, StateEffect, type Extension } from "@codemirror/state";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { json } from "@codemirror/lang-json";
import { xml } from "@codemirror/lang-xml";
import { linter, lintGutter, type Diagnostic as CMDiagnostic } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import type { ComposeValue, Diagnostic, Response } from "./core";
import { Latest } from "./latest";
import { provide, type PageState } from "./context";
import * as diff from "./diff";
import * as panels from "./panels";
import { requestLang, withDetail } from "./i18n";
import "./a11y"; // the skip link
import "./sharing"; // share links: reads the fragment before the editor's first lint
import "./offline"; // registers the service worker (sw.ts)
import "./preflight"; // the CORS preflight simulator panel
import "./evaluate"; // the bucket policy decision panel
import "./convert"; // the conversion panel
import { editorExtensions, fixActions } from "./editor"; // completion, hover, quick fixes, format, templates, shortcuts
import {
  defaultBucket,
  defaultDomain,
  defaultRegion,
  formats,
  nativeFormat,
  sample,
  type DocKind,
  type Format,
  type Provider,
} from "./samples";

const input = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
const providerSel = input<HTMLSelectElement>("provider");
const documentSel = input<HTMLSelectElement>("document");
const formatSel = input<HTMLSelectElement>("format");
const bucket = input("bucket");
const region = input("region");
const endpoint = input("endpoint");
const pathStyle = input("path-style");
const time = input("time");
const accessKeyID = input("access-key-id");
const secretKey = input("secret-access-key");

// --- core status ---------------------------------------------------------------------------

core.ready.then(
  ({ version }) => panels.coreStatus("ready", version ? `core ready (${version})` : "core ready"),
  (e: Error) => panels.coreStatus("error", `core failed: ${e.message}`),
);

// --- requests ------------------------------------------------------------------------------

/** RFC 3339 UTC, truncated to seconds. */
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

const provider = () => providerSel.value as Provider;
const docKind = () => documentSel.value as DocKind;
const format = () => (formatSel.value || nativeFormat(provider(), docKind())) as Format;

function composeRequest(source: string) {
  return {
    provider: provider(),
    document: docKind(),
    ...(formatSel.value ? { format: formatSel.value } : {}),
    source,
    bucket: bucket.value,
    region: region.value,
    ...(endpoint.value.trim() ? { endpoint: endpoint.value.trim() } : {}),
    ...(provider() === "s3" && pathStyle.checked ? { pathStyle: true } : {}),
    // The secret lives only in the input and in this request, which goes to the worker and no
    // further: it is never stored, logged or put in a URL.
    credentials: { accessKeyId: accessKeyID.value, secretAccessKey: secretKey.value },
    time: time.value,
    lang: requestLang(), // the core translates the diagnostics (i18n.ts)
  };
}

const composer = new Latest((req: ReturnType<typeof composeRequest>) => core.call<ComposeValue>("compose", req));

// generation counts inputs; an answer is shown only if no input came after its request.
let generation = 0;
function inputChanged() {
  generation++;
  panels.busy();
}

async function lintSource(view: EditorView): Promise<CMDiagnostic[]> {
  const gen = generation;
  const doc = view.state.doc;
  const req = composeRequest(doc.toString());
  const res: Response<ComposeValue> = await composer.run(req);
  if (gen === generation) {
    panels.show(res, pick);
    diff.composed(req); // the comparison panel compares against exactly this request
  }
  // CodeMirror itself drops these if the document changed meanwhile.
  return (res.diagnostics ?? []).map((d) => toCM(d, doc.length));
}

const clamp = (n: number, max: number) => Math.min(Math.max(Number.isFinite(n) ? n : 0, 0), max);

function toCM(d: Diagnostic, length: number): CMDiagnostic {
  const from = clamp(d.from, length);
  return {
    from,
    to: Math.max(from, clamp(d.to, length)),
    severity: d.severity === "hint" ? "info" : d.severity,
    message: `${d.code}: ${withDetail(d)}`,
    actions: fixActions(d, view.state.doc), // the core's suggestion as a quick fix (editor/quickfix.ts)
  };
}

/** selects a diagnostic's range in the editor (a click on its row in the list). */
function pick(d: Diagnostic) {
  const length = view.state.doc.length;
  const from = clamp(d.from, length);
  const to = Math.max(from, clamp(d.to, length));
  view.dispatch({
    selection: { anchor: from, head: to },
    effects: EditorView.scrollIntoView(from, { y: "center" }),
  });
  view.focus();
}

// --- editor --------------------------------------------------------------------------------

/** re-lints without an edit: the settings (bucket, keys, time, …) are part of the request. */
const refresh = StateEffect.define<null>();

// Colours come from CSS variables, so style.css switches them with prefers-color-scheme.
const highlight = HighlightStyle.define([
  { tag: [tags.string, tags.attributeValue], color: "var(--hl-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--hl-number)" },
  { tag: tags.propertyName, color: "var(--hl-property)" },
  { tag: tags.tagName, color: "var(--hl-tag)" },
  { tag: tags.attributeName, color: "var(--hl-attr)" },
  { tag: [tags.comment, tags.processingInstruction, tags.documentMeta], color: "var(--muted)" },
  { tag: [tags.angleBracket, tags.bracket, tags.separator, tags.punctuation], color: "var(--hl-punct)" },
  { tag: tags.invalid, color: "var(--error)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--editor-bg)", height: "100%" },
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--selection)" },
  ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  ".cm-tooltip, .cm-panels": { backgroundColor: "var(--panel)", color: "var(--fg)", border: "1px solid var(--border)" },
});

function language(f: Format): Extension {
  return f === "json" ? json() : f === "xml" ? xml() : [];
}

function createState(f: Format, doc: string): EditorState {
  return EditorState.create({
    doc,
    extensions: [
      basicSetup,
      EditorView.lineWrapping, // pasted one-line documents stay readable
      language(f),
      syntaxHighlighting(highlight),
      theme,
      linter(lintSource, {
        delay: 100,
        needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(refresh))),
      }),
      lintGutter(),
      editorExtensions(),
      EditorView.contentAttributes.of({ "aria-label": "document" }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) {
          inputChanged();
          u.view.dom.dispatchEvent(new Event("bucketlab-doc-changed"));
        }
      }),
    ],
  });
}

// One editor state per provider/document/format, so switching back keeps edits and undo history.
const states = new Map<string, EditorState>();
const stateKey = () => `${provider()}/${docKind()}/${format()}`;
let currentKey = stateKey();

inputChanged(); // the first lint is pending
const view = new EditorView({
  state: createState(format(), sample(provider(), docKind(), format())),
  parent: document.getElementById("editor")!,
});

function switchDocument() {
  states.set(currentKey, view.state);
  currentKey = stateKey();
  view.setState(states.get(currentKey) ?? createState(format(), sample(provider(), docKind(), format())));
  inputChanged(); // setState starts a new linter, which lints after its delay
}

function settingChanged() {
  inputChanged();
  view.dispatch({ effects: refresh.of(null) });
}

// --- settings ------------------------------------------------------------------------------

/** offers only the formats the provider takes for the document; an unavailable pick falls back to native. */
function updateFormats() {
  const allowed = formats(provider(), docKind());
  for (const o of formatSel.options) {
    const ok = o.value === "" || allowed.includes(o.value as Format);
    o.hidden = o.disabled = !ok;
    if (o.value === "") o.textContent = `native (${nativeFormat(provider(), docKind()).toUpperCase()})`;
  }
  if (formatSel.selectedOptions[0]?.disabled) formatSel.value = "";
}

/** provider-dependent fields: path style is S3's; the endpoint's placeholder is the default domain. */
function updateProviderFields() {
  pathStyle.disabled = provider() !== "s3";
  endpoint.placeholder = defaultDomain[provider()];
}

let lastProvider = provider();
providerSel.addEventListener("change", () => {
  // Follow the provider only while a field holds the previous default (the user did not edit it).
  if (region.value === "" || region.value === defaultRegion[lastProvider]) region.value = defaultRegion[provider()];
  if (bucket.value === "" || bucket.value === defaultBucket[lastProvider]) bucket.value = defaultBucket[provider()];
  lastProvider = provider();
  updateProviderFields();
  updateFormats();
  switchDocument();
});
documentSel.addEventListener("change", () => {
  updateFormats();
  switchDocument();
});
formatSel.addEventListener("change", switchDocument);

region.value = defaultRegion[provider()];
bucket.value = defaultBucket[provider()];
time.value = now();
updateProviderFields();
updateFormats();
for (const el of [bucket, region, endpoint, time, accessKeyID, secretKey]) el.addEventListener("input", settingChanged);
pathStyle.addEventListener("change", settingChanged);
document.getElementById("time-now")!.addEventListener("click", () => {
  time.value = now();
  settingChanged();
});
// Enter in a field would submit the form; there is nothing to submit (and CSP forbids it).
document.getElementById("settings")!.addEventListener("submit", (e) => e.preventDefault());

panels.initCopyButtons();
diff.init();

// --- the seam for panels and features (context.ts) ------------------------------------------

const changeListeners: (() => void)[] = [];
let notifyTimer = 0;
function notifyChange() {
  clearTimeout(notifyTimer);
  notifyTimer = window.setTimeout(() => changeListeners.forEach((fn) => fn()), 0);
}
const notifyAfter = (el: HTMLElement, type: string) => el.addEventListener(type, notifyChange);
for (const el of [bucket, region, endpoint, time, accessKeyID, secretKey]) notifyAfter(el, "input");
for (const el of [providerSel, documentSel, formatSel, pathStyle]) notifyAfter(el, "change");
document.getElementById("time-now")!.addEventListener("click", notifyChange);
view.dom.addEventListener("bucketlab-doc-changed", notifyChange);

const setSelect = (sel: HTMLSelectElement, v: string) => {
  if (sel.value === v) return false;
  sel.value = v;
  return true;
};

provide({
  state: (): PageState => ({
    provider: provider(),
    document: docKind(),
    format: formatSel.value as Format | "",
    source: view.state.doc.toString(),
    bucket: bucket.value,
    region: region.value,
    endpoint: endpoint.value,
    pathStyle: pathStyle.checked,
    time: time.value,
    accessKeyId: accessKeyID.value,
  }),
  format,
  apply(s: Partial<PageState>) {
    if (s.provider && setSelect(providerSel, s.provider)) providerSel.dispatchEvent(new Event("change"));
    if (s.document && setSelect(documentSel, s.document)) documentSel.dispatchEvent(new Event("change"));
    if (s.format !== undefined && setSelect(formatSel, s.format)) formatSel.dispatchEvent(new Event("change"));
    const fields: [keyof PageState, HTMLInputElement][] = [
      ["bucket", bucket], ["region", region], ["endpoint", endpoint], ["time", time], ["accessKeyId", accessKeyID],
    ];
    for (const [k, el] of fields) if (typeof s[k] === "string") el.value = s[k] as string;
    if (typeof s.pathStyle === "boolean") pathStyle.checked = s.pathStyle;
    if (typeof s.source === "string") this.setSource(s.source);
    settingChanged();
    notifyChange();
  },
  setSource(text: string) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  },
  select(from: number, to: number) {
    pick({ from, to } as Diagnostic);
  },
  credentials: () => ({ accessKeyId: accessKeyID.value, secretAccessKey: secretKey.value }),
  onChange(fn: () => void) {
    changeListeners.push(fn);
  },
});
