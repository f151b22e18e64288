// Hover: what the word under the pointer is (an action, an operator, a permission, a key …) and
// the core's note on it.

import { hoverTooltip, type Tooltip } from "@codemirror/view";
import { vocab, type Entry } from "./catalogue";
import { allChoices, find, headerChoice, jsonChoice, xmlChoice, type Choice } from "./choices";
import { target } from "./page";
import { str } from "./strings";
import { headerPlace, jsonPlace, xmlPlace } from "./where";

export const hover = hoverTooltip(async (view, pos): Promise<Tooltip | null> => {
  const t = target();
  if (!t) return null;
  const doc = view.state.doc.toString();
  const v = await vocab(t.provider, t.document, t.format);
  if (!v) return null;
  let place: { from: number; to: number; text: string } | null;
  let choice: Choice | null = null;
  if (t.format === "json") {
    const pl = jsonPlace(doc, pos, true);
    place = pl && pl.quoted ? pl : null;
    if (pl) {
      choice = jsonChoice(pl, v);
      if (pl.quoted) place = { ...pl, text: unquote(pl.text) };
    }
  } else if (t.format === "xml") {
    const pl = xmlPlace(doc, pos, true);
    place = pl;
    if (pl) choice = xmlChoice(pl, v);
  } else {
    const pl = headerPlace(doc, pos);
    place = pl;
    if (pl) choice = headerChoice(pl, v);
  }
  if (!place || !place.text) return null;
  const text = place.text;
  let hit: { entry: Entry; choice: Choice } | null = null;
  for (const c of [choice, ...allChoices(v)]) {
    const e = c && find(c.entries, text);
    if (c && e) {
      hit = { entry: e, choice: c };
      break;
    }
  }
  if (!hit) return null;
  const { entry, choice: c } = hit;
  return {
    pos: place.from,
    end: place.to,
    above: true,
    create() {
      const dom = document.createElement("div");
      dom.className = "bl-hover";
      dom.dataset.testid = "hover";
      const head = dom.appendChild(document.createElement("div"));
      const kind = head.appendChild(document.createElement("span"));
      kind.className = "bl-hover-kind";
      kind.textContent = str(c.kind);
      const name = head.appendChild(document.createElement("code"));
      name.textContent = entry.name;
      const note = dom.appendChild(document.createElement("div"));
      note.className = "bl-hover-detail";
      note.textContent = entry.detail || str("hoverNoDetail", { provider: v.provider });
      return { dom };
    },
  };
});

function unquote(s: string): string {
  try {
    return JSON.parse(`"${s}"`);
  } catch {
    return s;
  }
}
