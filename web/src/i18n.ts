// The page's languages: English (as written in index.html and the modules) and Simplified
// Chinese (i18n/zh-CN.ts). The choice is stored in localStorage (it is no secret); the default
// follows navigator.language. Changing it updates <html lang>, the marked elements, the
// listeners of onLanguageChange, and re-lints, because the core translates the diagnostics: every
// request carries `lang` (main.ts's composeRequest reads requestLang()).
//
// For modules:
//   t(key, vars?)            the text in the current language: Chinese if the table has the key,
//                            else the English registered for it, else the key itself;
//                            "{name}" in the text is replaced by vars.name
//   registerStrings(obj)     the English texts of a module's keys (namespace them: "editor.…")
//   onLanguageChange(fn)     runs fn after each change (re-render your texts there)
//   bindText(el, key, attr?) writes t(key) into el (or its attribute) now and after each change:
//                            for a module's fixed labels and headings
//   requestLang()            what a request to the core carries as `lang`, so that its
//                            diagnostics come back translated (English moved to `detail`)
//   translate(root)          re-applies the markup below to elements made later
// Markup (index.html, or elements a module makes):
//   data-i18n="key"          the element's text; an element with child elements keeps them and
//                            has its direct, non-blank text nodes translated in order, with the
//                            keys key, key.2, key.3 … (a key the table lacks stays as written)
//   data-i18n-attr="aria-label:key; placeholder:key2"   attributes
// Every text is set with textContent or as a text node's data, never as markup. Mark only text
// that no module rewrites: a module's texts are its own to translate (with t()).

import { zhCN } from "./i18n/zh-CN";

export type Lang = "en" | "zh-CN";

/** the languages offered, each named in itself. */
export const languages: readonly { value: Lang; label: string }[] = [
  { value: "en", label: "EN" },
  { value: "zh-CN", label: "中文" },
];

const STORAGE_KEY = "bucketlab.lang";

/** English texts of keys made in TypeScript (index.html's come from the page itself). */
const english: Record<string, string> = {
  "lang.label": "language",
  "theme.label": "theme",
  "theme.system": "system",
  "theme.light": "light",
  "theme.dark": "dark",
  "a11y.skip": "skip to the editor",
  // Texts panels.ts and diff.ts write with t(); status.* and format.native are main.ts's texts,
  // which panels.ts shows through these keys.
  "format.native": "native ({format})",
  "status.loading": "loading the core…",
  "status.ready": "core ready",
  "status.readyVersion": "core ready ({version})",
  "status.failed": "core failed: {reason}",
  "panels.noProblems": "no problems",
  "panels.notChecked": "not checked",
  "panels.noOutput": "no output: {reason}",
  "panels.fixForWire": "fix the errors above to see the wire body",
  "panels.fixForRequest": "fix the errors above to see the signed request",
  "panels.noRequest": "the core returned no signed request",
  "panels.waiting": "waiting for the core…",
  "panels.copy": "copy",
  "panels.copied": "copied",
  "panels.copyFailed": "copy failed",
  "panels.copyStep": "copy the {name} step",
  "panels.suggestion": "suggestion: {text}",
  "panels.suggestionRemove": "suggestion: remove it",
  "severity.error": "error",
  "severity.warning": "warning",
  "severity.info": "info",
  "severity.hint": "hint",
  "diff.waiting": "{code}: waiting for the signed request above",
  "diff.matches": "matches",
  "diff.differsAt": "differs at line {line}, column {column}",
  "diff.fullStrings": "full strings",
  "diff.ours": "ours",
  "diff.server": "server",
  "diff.oursLabel": "ours:",
  "diff.serverLabel": "server:",
  "diff.lineEnds": "this line ends here; the other goes on",
};

/** registers a module's English texts; an existing key keeps its first text. */
export function registerStrings(strings: Record<string, string>) {
  for (const [k, v] of Object.entries(strings)) if (!(k in english)) english[k] = v;
}

/** the language a BCP 47 tag asks for: Chinese for zh, zh-CN, zh-SG and zh-Hans…, the way the
 * core's diag.ParseLang reads the tag; Traditional (zh-TW, zh-HK, zh-Hant) has no table. */
export function parseLang(tag: string | null | undefined): Lang {
  const [base, sub] = (tag ?? "").toLowerCase().split(/[-_]/);
  if (base !== "zh") return "en";
  return sub === undefined || sub === "cn" || sub === "sg" || sub === "hans" ? "zh-CN" : "en";
}

function stored(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "en" || v === "zh-CN" ? v : null;
  } catch {
    return null; // storage blocked (some iframes, privacy modes)
  }
}

let current: Lang = stored() ?? parseLang(navigator.language);

/** the current language. */
export const lang = (): Lang => current;

/** what requests to the core carry as `lang`. */
export const requestLang = (): Lang => current;

export function t(key: string, vars?: Record<string, string | number>): string {
  const text = (current === "zh-CN" ? zhCN[key] : undefined) ?? english[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}

const listeners: ((l: Lang) => void)[] = [];

export function onLanguageChange(fn: (l: Lang) => void) {
  listeners.push(fn);
}

export function setLang(l: Lang) {
  if (l === current) return;
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not stored: the choice lasts for this page
  }
  document.documentElement.lang = l;
  translate(document);
  bound.forEach(writeBound);
  for (const fn of listeners) fn(l);
  relint();
}

/** a diagnostic's message with the English detail the core adds when it translated it. */
export const withDetail = (d: { message: string; detail?: string }) =>
  d.detail ? `${d.message}\n${d.detail}` : d.message;

// --- markup -------------------------------------------------------------------------------------

// The English text each marked text node and attribute had before its first translation.
const originalText = new WeakMap<Text, string>();
const originalAttr = new WeakMap<Element, Map<string, string>>();

/** a translation, or null: English puts back what the page had. */
function lookup(key: string, original: string): string {
  if (current === "en") return english[key] ?? original;
  return zhCN[key] ?? english[key] ?? original;
}

export function translate(root: ParentNode = document) {
  const marked = (attr: string) => {
    const list = Array.from(root.querySelectorAll<HTMLElement>(`[${attr}]`));
    if (root instanceof HTMLElement && root.hasAttribute(attr)) list.unshift(root);
    return list;
  };
  for (const el of marked("data-i18n")) {
    const key = el.dataset.i18n!;
    const texts = Array.from(el.childNodes).filter((n): n is Text => n instanceof Text && n.data.trim() !== "");
    if (el.children.length === 0 && texts.length !== 1) continue; // empty: nothing to translate
    texts.forEach((node, i) => {
      const k = i === 0 ? key : `${key}.${i + 1}`;
      if (!originalText.has(node)) originalText.set(node, node.data.trim());
      const orig = originalText.get(node)!;
      if (i === 0 && !(k in english)) english[k] = orig; // so t(key) has the page's English
      const [, lead, , trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(node.data)!;
      const text = lookup(k, orig);
      if (node.data !== lead + text + trail) node.data = lead + text + trail;
    });
  }
  for (const el of marked("data-i18n-attr")) {
    let orig = originalAttr.get(el);
    if (!orig) originalAttr.set(el, (orig = new Map()));
    for (const pair of el.dataset.i18nAttr!.split(";")) {
      const [name, key] = pair.split(":").map((s) => s.trim());
      if (!name || !key) continue;
      if (!orig.has(name)) orig.set(name, el.getAttribute(name) ?? "");
      el.setAttribute(name, lookup(key, orig.get(name)!));
    }
  }
}

// --- fixed labels ---------------------------------------------------------------------------

// Labels, headings and attributes a module writes once and never changes: bindText writes the
// key's text now and again on each language change (before the listeners run). The elements are
// held for the page's life: bind only elements made once (not rows re-made per answer).
const bound: { el: Element; key: string; attr?: string; vars?: Record<string, string | number> }[] = [];

/** writes t(key, vars) into el's text, or into its attribute attr, now and after each language
 * change; returns el. For texts a module sets once (a panel's heading, a field's label). */
export function bindText<T extends Element>(el: T, key: string, attr?: string, vars?: Record<string, string | number>): T {
  bound.push({ el, key, attr, vars });
  writeBound(bound[bound.length - 1]);
  return el;
}

function writeBound(b: (typeof bound)[number]) {
  const text = t(b.key, b.vars);
  if (b.attr) b.el.setAttribute(b.attr, text);
  else b.el.textContent = text;
}

// --- the re-lint ------------------------------------------------------------------------------

// The page re-lints when a setting changes (main.ts's settingChanged, on the inputs' "input"
// event); a language change is one, since every request carries `lang`.
function relint() {
  document.getElementById("bucket")?.dispatchEvent(new Event("input", { bubbles: true }));
}

// --- start ----------------------------------------------------------------------------------------

document.documentElement.lang = current;
translate(document);
