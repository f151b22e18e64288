// Completion from the core's catalogue: keys and element names, actions, condition operators and
// keys, effects, principals, CORS methods, permissions, groups and canned ACLs — whichever belongs
// where the cursor is (where.ts, choices.ts).

import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { vocab } from "./catalogue";
import { headerChoice, jsonChoice, xmlChoice, type Choice } from "./choices";
import { target } from "./page";
import { headerPlace, jsonPlace, xmlPlace } from "./where";

/** JSON's escaping of a string's inside. */
const jsonInner = (s: string) => JSON.stringify(s).slice(1, -1);

export async function complete(ctx: CompletionContext): Promise<CompletionResult | null> {
  const t = target();
  if (!t) return null;
  const doc = ctx.state.doc.toString();
  const pos = ctx.pos;
  let choice: Choice | null = null;
  let from = pos;
  let to = pos;
  let apply: (name: string) => string = (n) => n;
  let validFor: RegExp | undefined;
  const v = await vocab(t.provider, t.document, t.format);
  if (!v || ctx.aborted) return null;

  if (t.format === "json") {
    const pl = jsonPlace(doc, pos);
    if (!pl || (!ctx.explicit && !pl.quoted && pl.from === pl.to)) return null;
    choice = jsonChoice(pl, v);
    from = pl.from;
    to = pl.to;
    if (pl.quoted) {
      apply = jsonInner;
      validFor = /^[^"\\]*$/;
    } else {
      apply = pl.role === "key" ? (n) => JSON.stringify(n) + ": " : (n) => JSON.stringify(n);
    }
  } else if (t.format === "xml") {
    const pl = xmlPlace(doc, pos);
    if (!pl || (!ctx.explicit && pl.role === "text" && pl.from === pos && ctx.matchBefore(/\S/) === null)) return null;
    choice = xmlChoice(pl, v);
    from = pl.from;
    to = pl.role === "tag" ? pl.to : pos;
    validFor = pl.role === "tag" ? /^[\w.:-]*$/ : undefined;
  } else {
    const pl = headerPlace(doc, pos);
    if (!pl) return null;
    choice = headerChoice(pl, v);
    from = pl.from;
    to = pl.role === "name" ? pl.to : pos;
    if (pl.role === "name") apply = (n) => (doc[pl.to] === ":" ? n : n + ": ");
  }
  if (!choice || !choice.entries.length) return null;
  if (from > pos) return null;
  const options: Completion[] = choice.entries.map((e) => ({
    label: e.name,
    detail: e.detail,
    type: choice!.type,
    apply: apply(e.name),
  }));
  return { from, to: Math.max(to, pos), options, validFor };
}
