// The editor tools' handle on the page: the playground (context.ts) once main.ts provides it, and
// the EditorView, which the tools' own extension sees (main.ts keeps one view and swaps states).

import { ViewPlugin, type EditorView } from "@codemirror/view";
import { withPlayground, type Playground } from "../context";
import type { Format } from "../samples";

let playground: Playground | null = null;
withPlayground((p) => (playground = p));

let view: EditorView | null = null;

/** part of every editor state: remembers the view the state lives in. */
export const trackView = ViewPlugin.define((v) => {
  view = v;
  return {};
});

export const currentView = () => view;
export const page = () => playground;

/** provider, document and format in effect, or null before the page is up. */
export function target(): { provider: string; document: string; format: Format } | null {
  if (!playground) return null;
  const s = playground.state();
  return { provider: s.provider, document: s.document, format: playground.format() };
}
