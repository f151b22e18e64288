// Format and minify through the core's `format` op, which changes only layout white space; the
// cursor keeps its place among the other characters.

import { core } from "../boot";
import { requestLang } from "../i18n";
import { currentView, target } from "./page";
import { say } from "./status";
import { str } from "./strings";

/** the offset in b that has as many non-space characters before it as a has before at. */
export function carry(a: string, at: number, b: string): number {
  let n = 0;
  for (let i = 0; i < at && i < a.length; i++) if (!/\s/.test(a[i])) n++;
  let j = 0;
  while (j < b.length && n > 0) {
    if (!/\s/.test(b[j])) n--;
    j++;
  }
  return j;
}

export async function formatDocument(style: "pretty" | "minify"): Promise<boolean> {
  const view = currentView();
  const t = target();
  if (!view || !t) return false;
  if (t.format !== "json" && t.format !== "xml") {
    say(str("noLayout"), "error");
    return true;
  }
  const before = view.state.doc;
  const text = before.toString();
  const res = await core.call<{ source?: string }>("format", { format: t.format, source: text, style, lang: requestLang() });
  if (!res.ok) {
    say(str("coreError", { reason: res.error.message }), "error");
    return true;
  }
  if (view.state.doc !== before) return true; // typed meanwhile
  const out = res.value.source;
  if (!out) {
    const first = res.diagnostics.find((d) => d.severity === "error");
    say(str("notFormatted", { reason: first ? `${first.line}:${first.column} ${first.message}` : "?" }), "error");
    return true;
  }
  if (out !== text) {
    const head = carry(text, view.state.selection.main.head, out);
    view.dispatch({ changes: { from: 0, to: text.length, insert: out }, selection: { anchor: head }, userEvent: "input.format", scrollIntoView: true });
  }
  say(str(style === "pretty" ? "formatted" : "minified"));
  return true;
}
