// The editor tools' keys, and a sheet listing them with the editor's own useful keys: opened by
// the toolbar's "?" button, or by "?" when the focus is not in the editor or a field.

import { Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { makeDialog } from "./dialog";
import { formatDocument } from "./format";
import { repairAll } from "./quickfix";
import { bindStr, type StringKey } from "./strings";
import { openTemplates } from "./templates";

/** the tools' keys. Shift-Alt letters: CodeMirror's default keymaps and browsers leave them free
 * (Mod-Shift-M opens the lint panel; Ctrl-Shift-M is a browser's profile menu). */
export const toolKeys = Prec.high(
  keymap.of([
    { key: "Shift-Alt-f", run: () => (void formatDocument("pretty"), true), preventDefault: true },
    { key: "Shift-Alt-j", run: () => (void formatDocument("minify"), true), preventDefault: true },
    { key: "Shift-Alt-r", run: () => (void repairAll(), true), preventDefault: true },
    { key: "Shift-Alt-t", run: () => (void openTemplates(), true), preventDefault: true },
  ]),
);

const sheet: [string, StringKey][] = [
  ["Shift-Alt-F", "scFormat"],
  ["Shift-Alt-J", "scMinify"],
  ["Shift-Alt-R", "scRepair"],
  ["Shift-Alt-T", "scTemplates"],
  ["Ctrl-Space", "scComplete"],
  ["Enter", "scAccept"],
  ["Mod-Shift-M", "scLintPanel"],
  ["F8", "scNextProblem"],
  ["Mod-Z / Mod-Shift-Z", "scUndo"],
  ["Mod-F", "scSearch"],
  ["Ctrl-M (Mac: Shift-Alt-M)", "scTabFocus"],
  ["?", "scShortcuts"],
];

let ui: ReturnType<typeof makeDialog> | null = null;

export function openShortcuts() {
  ui ??= build();
  if (!ui.dialog.open) ui.dialog.showModal();
}

function build() {
  const d = makeDialog("shortcuts-dialog", "bl-shortcuts");
  // Made once: its texts follow the page's language (bindStr).
  bindStr(d.heading, "shortcutsHeading");
  const intro = d.body.appendChild(document.createElement("p"));
  intro.className = "bl-note";
  bindStr(intro, "shortcutsIntro");
  const table = d.body.appendChild(document.createElement("table"));
  const head = table.createTHead().insertRow();
  for (const k of ["keyHeader", "actionHeader"] as const) {
    const th = head.appendChild(document.createElement("th"));
    th.scope = "col";
    bindStr(th, k);
  }
  const body = table.createTBody();
  for (const [keys, what] of sheet) {
    const row = body.insertRow();
    const cell = row.insertCell();
    keys.split(" / ").forEach((k, i) => {
      if (i) cell.append(" / ");
      const kbd = cell.appendChild(document.createElement("kbd"));
      kbd.textContent = k;
    });
    bindStr(row.insertCell(), what);
  }
  return d;
}

/** "?" outside the editor and fields opens the sheet. */
document.addEventListener("keydown", (e) => {
  if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const el = e.target as HTMLElement | null;
  if (el && (el.closest(".cm-editor") || el.closest("input, textarea, select, [contenteditable]") || el.closest("dialog"))) return;
  e.preventDefault();
  openShortcuts();
});
