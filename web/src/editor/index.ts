// The editor's tools (issue 6): completion and hover from the core's catalogue, quick fixes from
// the core's suggestions, format/minify, templates, keyboard shortcuts. main.ts adds
// editorExtensions() to every editor state and fixActions() to every diagnostic.

import { EditorState, type Extension } from "@codemirror/state";
import { complete } from "./completion";
import { hover } from "./hover";
import { trackView } from "./page";
import { toolKeys } from "./shortcuts";
import { buildToolbar } from "./toolbar";

export { fixActions } from "./quickfix";

export function editorExtensions(): Extension[] {
  return [trackView, toolKeys, hover, EditorState.languageData.of(() => [{ autocomplete: complete }])];
}

buildToolbar();
