// Every text the editor's tools show, in English: registered with i18n.ts as "editor.<key>", so
// the Chinese table (i18n/zh-CN.ts) translates them and English stays the fallback. Nothing else
// in web/src/editor writes user-visible English.

import { bindText, registerStrings, t } from "../i18n";

export const strings = {
  toolbarLabel: "editor tools",
  format: "format",
  formatTitle: "pretty-print the document (Shift-Alt-F)",
  minify: "minify",
  minifyTitle: "remove all layout white space (Shift-Alt-J)",
  repairAll: "repair all",
  repairAllTitle: "apply every suggested fix (Shift-Alt-R)",
  templates: "templates…",
  templatesTitle: "start from a ready-made document (Shift-Alt-T)",
  shortcuts: "?",
  shortcutsTitle: "keyboard shortcuts (?)",
  shortcutsLabel: "keyboard shortcuts (?)",

  formatted: "formatted",
  minified: "minified",
  notFormatted: "cannot format: {reason}",
  noLayout: "header lines have no layout to format",
  repaired: "applied {count} fix(es)",
  repairedSome: "applied {count} fix(es); {left} problem(s) need your hand",
  nothingToRepair: "nothing to repair",
  coreError: "the core failed: {reason}",
  busy: "working…",

  fixReplace: "fix: replace with “{text}”",
  fixRemove: "fix: remove “{text}”",

  templatesHeading: "templates for {provider} {document}",
  templatesIntro: "Choose one to replace the editor's text (undo brings yours back). Each passes the checks with no error.",
  templatesNone: "no templates for this document",
  templatesLoading: "loading…",
  close: "close",

  shortcutsHeading: "keyboard shortcuts",
  shortcutsIntro: "Mod is Ctrl, or Cmd on a Mac. Press Escape to close.",
  keyHeader: "keys",
  actionHeader: "action",
  scFormat: "format the document",
  scMinify: "minify the document",
  scRepair: "repair all: apply every suggested fix",
  scTemplates: "open the templates",
  scComplete: "show completions (keys, actions, operators, permissions…)",
  scAccept: "accept the selected completion",
  scLintPanel: "open the list of problems in the editor",
  scNextProblem: "go to the next problem",
  scUndo: "undo / redo",
  scSearch: "search and replace",
  scTabFocus: "let Tab move the focus out of the editor (toggle)",
  scShortcuts: "this sheet (when the editor is not focused)",

  hoverAction: "action",
  hoverOperator: "condition operator",
  hoverConditionKey: "condition key",
  hoverKey: "key",
  hoverElement: "element",
  hoverPermission: "permission",
  hoverCanned: "canned ACL",
  hoverMethod: "CORS method",
  hoverPrincipal: "principal",
  hoverGroup: "group",
  hoverEffect: "effect",
  hoverHeader: "header",
  hoverNoDetail: "known to {provider}",
} as const;

export type StringKey = keyof typeof strings;

registerStrings(Object.fromEntries(Object.entries(strings).map(([k, v]) => [`editor.${k}`, v])));

/** a text in the current language with its {placeholders} filled. */
export function str(key: StringKey, vars: Record<string, string | number> = {}): string {
  return t(`editor.${key}`, vars);
}

/** writes str(key, vars) into el's text (or its attribute attr) now and after each language
 * change; for elements made once (the toolbar, the dialogs' fixed parts). Returns el. */
export function bindStr<T extends Element>(el: T, key: StringKey, attr?: string, vars?: Record<string, string | number>): T {
  return bindText(el, `editor.${key}`, attr, vars);
}
