// The buttons above the editor (in index.html's empty #editor-tools): format, minify, repair all,
// templates, the shortcuts sheet, and a status line saying what the last tool did. Their texts
// follow the page's language (bindStr).

import { withPlayground } from "../context";
import { formatDocument } from "./format";
import { repairAll } from "./quickfix";
import { openShortcuts } from "./shortcuts";
import { statusElement } from "./status";
import { bindStr, type StringKey } from "./strings";
import { openTemplates } from "./templates";

function button(label: StringKey, title: StringKey, testid: string, run: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  bindStr(b, label);
  bindStr(b, title, "title");
  b.dataset.testid = testid;
  b.addEventListener("click", run);
  return b;
}

export function buildToolbar() {
  const bar = document.getElementById("editor-tools");
  if (!bar || bar.dataset.tools === "editor") return;
  bar.dataset.tools = "editor";
  bindStr(bar, "toolbarLabel", "aria-label");
  const format = button("format", "formatTitle", "format-button", () => void formatDocument("pretty"));
  const minify = button("minify", "minifyTitle", "minify-button", () => void formatDocument("minify"));
  const repair = button("repairAll", "repairAllTitle", "repair-all", () => void repairAll());
  const templates = button("templates", "templatesTitle", "templates-button", () => void openTemplates());
  const help = button("shortcuts", "shortcutsTitle", "shortcuts-button", openShortcuts);
  bindStr(help, "shortcutsLabel", "aria-label");
  help.setAttribute("aria-keyshortcuts", "?");
  const status = document.createElement("span");
  status.className = "bl-status";
  status.dataset.testid = "editor-status";
  status.setAttribute("role", "status");
  statusElement(status);
  bar.append(format, minify, repair, templates, help, status);

  withPlayground((p) => {
    // Header lines have no layout: format and minify do not apply.
    const update = () => {
      const layout = p.format() !== "headers";
      format.disabled = minify.disabled = !layout;
    };
    update();
    p.onChange(update);
  });
}
