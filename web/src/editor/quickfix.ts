// Quick fixes: a diagnostic with a `suggestion` (the replacement text for its range; "" removes
// the range, and then the range is exactly what goes) gets a lint action, and "repair all"
// applies every suggestion the core makes, from the end backwards, until none is left (a fix can
// uncover the next one), as one undoable change.

import type { Action } from "@codemirror/lint";
import { ChangeSet, type Text } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { core } from "../boot";
import type { Diagnostic } from "../core";
import { requestLang } from "../i18n";
import { currentView, target } from "./page";
import { say } from "./status";
import { str } from "./strings";

/** the smallest change that turns [from, to) of doc into insert: common ends stay. */
export function minimalChange(doc: string, from: number, to: number, insert: string): { from: number; to: number; insert: string } {
  const old = doc.slice(from, to);
  let head = 0;
  while (head < old.length && head < insert.length && old[head] === insert[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < insert.length - head && old[old.length - 1 - tail] === insert[insert.length - 1 - tail]) tail++;
  return { from: from + head, to: to - tail, insert: insert.slice(head, insert.length - tail) };
}

type Change = { from: number; to: number; insert: string };

/**
 * the change that keeps XML well-formed when a fix renames an element: the core's fix replaces
 * the name in the start tag (its span), and the end tag must follow.
 */
export function endTagRename(doc: string, from: number, to: number, insert: string): Change | null {
  if (doc[from - 1] !== "<" || !/^[\w.:-]+$/.test(insert) || !/^[\w.:-]+$/.test(doc.slice(from, to))) return null;
  const open = doc.indexOf(">", to);
  if (open < 0 || doc[open - 1] === "/") return null; // <x/> has no end tag
  const tag = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([^\s/>]+)[^>]*?(\/?)>/g;
  tag.lastIndex = open + 1;
  let depth = 1;
  for (let m: RegExpExecArray | null; (m = tag.exec(doc)); ) {
    if (!m[2] || m[3]) continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      if (m[2] !== doc.slice(from, to)) return null; // not well-formed: leave it to the user
      const at = m.index + 2;
      return { from: at, to: at + m[2].length, insert };
    }
  }
  return null;
}

/** a fix's changes: the smallest edit, and for an element's new name its end tag too. */
function fixChanges(doc: string, from: number, to: number, suggestion: string): Change[] {
  const end = endTagRename(doc, from, to, suggestion);
  const main = minimalChange(doc, from, to, suggestion);
  return end ? [main, minimalChange(doc, end.from, end.to, end.insert)] : [main];
}

const visible = (s: string) => {
  const v = s.replace(/\r?\n/g, "⏎").replace(/\t/g, "→");
  return v.length > 40 ? v.slice(0, 39) + "…" : v;
};

/** the lint action for d, when the core suggests a fix; doc is the text d was made for. */
export function fixActions(d: Diagnostic, doc: Text): Action[] | undefined {
  if (d.suggestion === undefined || d.suggestion === null) return undefined;
  const suggestion = d.suggestion;
  const from = Math.min(Math.max(d.from, 0), doc.length);
  const to = Math.min(Math.max(d.to, from), doc.length);
  const change = minimalChange(doc.sliceString(from, to), 0, to - from, suggestion);
  const removed = doc.sliceString(from + change.from, from + change.to);
  if (change.insert === "" && removed === "") return undefined; // nothing to change
  // A removal is labelled with what goes (a comment, a comma), without the blanks around it.
  const name =
    change.insert === "" && removed !== ""
      ? str("fixRemove", { text: visible(removed.trim() || removed) })
      : str("fixReplace", { text: visible(suggestion) });
  return [
    {
      name,
      apply(view: EditorView, f: number, t: number) {
        // f and t are where the diagnostic's range is now.
        view.dispatch({ changes: fixChanges(view.state.doc.toString(), f, t, suggestion), userEvent: "input.fix" });
      },
    },
  ];
}

/** at most this many rounds of check-and-fix: fixes that overlap wait for the next round. */
const rounds = 5;

export async function repairAll(): Promise<void> {
  const view = currentView();
  const t = target();
  if (!view || !t) return;
  const start = view.state.doc;
  let text = start.toString();
  let total = ChangeSet.empty(start.length);
  let applied = 0;
  let left = 0;
  say(str("busy"), "busy");
  for (let round = 0; round < rounds; round++) {
    const res = await core.call<unknown>("check", { provider: t.provider, document: t.document, format: t.format, source: text, lang: requestLang() });
    if (!res.ok) {
      say(str("coreError", { reason: res.error.message }), "error");
      return;
    }
    if (view.state.doc !== start) return; // the user typed meanwhile: their text wins
    const fixes = res.diagnostics
      .filter((d) => typeof d.suggestion === "string")
      .sort((a, b) => b.from - a.from || b.to - a.to);
    left = res.diagnostics.filter((d) => d.severity === "error" && typeof d.suggestion !== "string").length;
    const specs: Change[] = [];
    const taken: [number, number][] = [];
    const free = (c: Change) => taken.every(([f, t]) => c.to <= f || c.from >= t);
    for (const d of fixes) {
      if (d.from < 0 || d.from > d.to || d.to > text.length || (d.from === d.to && d.suggestion === "")) continue;
      // A fix that overlaps one taken waits for the next round.
      const changes = fixChanges(text, d.from, d.to, d.suggestion!);
      const spans = [{ from: d.from, to: d.to, insert: "" }, ...changes.slice(1)];
      if (!spans.every(free)) continue;
      for (const c of spans) taken.push([c.from, c.to]);
      specs.push(...changes);
    }
    if (!specs.length) break;
    specs.sort((a, b) => a.from - b.from);
    const set = ChangeSet.of(specs, text.length);
    total = total.compose(set);
    text = set.apply(view.state.toText(text)).toString();
    applied += specs.length;
  }
  if (applied === 0) {
    say(left ? str("repairedSome", { count: 0, left }) : str("nothingToRepair"));
    return;
  }
  view.dispatch({ changes: total, userEvent: "input.repair", scrollIntoView: true });
  say(left ? str("repairedSome", { count: applied, left }) : str("repaired", { count: applied }));
}
