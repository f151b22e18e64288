// The templates gallery: the core's ready-made documents for the current provider and document
// (each passes the checks with no error); choosing one loads it into the editor. Titles and
// descriptions come in both languages; the gallery follows the page's.

import { core } from "../boot";
import { lang, onLanguageChange } from "../i18n";
import { nativeFormat, type DocKind, type Format, type Provider } from "../samples";
import { makeDialog } from "./dialog";
import { page, target } from "./page";
import { say } from "./status";
import { str } from "./strings";

export interface Template {
  id: string;
  provider: string;
  document: string;
  format: string;
  title: string;
  titleZh: string;
  description: string;
  descriptionZh: string;
  tags: string[];
  source: string;
}

const cache = new Map<string, Template[]>();
let ui: ReturnType<typeof makeDialog> | null = null;

const zh = () => lang() === "zh-CN";

export async function openTemplates(): Promise<void> {
  if (!target() || !page()) return;
  ui ??= makeDialog("templates-dialog", "bl-templates");
  await fill(true);
}

// An open gallery is written again in the new language.
onLanguageChange(() => {
  if (ui?.dialog.open) void fill(false);
});

/** writes the gallery for the current provider and document; focus: move the focus to it. */
async function fill(focus: boolean): Promise<void> {
  const t = target();
  if (!t || !ui) return;
  const { dialog, heading, body } = ui;
  heading.textContent = str("templatesHeading", { provider: t.provider, document: t.document });
  body.replaceChildren(paragraph(str("templatesLoading")));
  if (!dialog.open) dialog.showModal();

  const key = `${t.provider}/${t.document}`;
  let list = cache.get(key);
  if (!list) {
    const res = await core.call<{ templates: Template[] }>("templates", { provider: t.provider, document: t.document });
    if (!res.ok) {
      body.replaceChildren(paragraph(str("coreError", { reason: res.error.message })));
      return;
    }
    list = res.value.templates;
    cache.set(key, list);
  }
  const intro = paragraph(str("templatesIntro"));
  intro.className = "bl-note";
  const ul = document.createElement("ul");
  ul.className = "bl-template-list";
  for (const tpl of list) {
    const li = ul.appendChild(document.createElement("li"));
    const b = li.appendChild(document.createElement("button"));
    b.type = "button";
    b.dataset.testid = `template-${tpl.id}`;
    const title = b.appendChild(document.createElement("span"));
    title.className = "bl-template-title";
    title.textContent = zh() ? tpl.titleZh || tpl.title : tpl.title;
    const fmt = b.appendChild(document.createElement("span"));
    fmt.className = "bl-template-format";
    fmt.textContent = tpl.format.toUpperCase();
    const desc = b.appendChild(document.createElement("span"));
    desc.className = "bl-template-description";
    desc.textContent = zh() ? tpl.descriptionZh || tpl.description : tpl.description;
    b.addEventListener("click", () => choose(tpl));
  }
  body.replaceChildren(intro, list.length ? ul : paragraph(str("templatesNone")));
  if (focus) (ul.querySelector("button") as HTMLButtonElement | null)?.focus();
}

function choose(tpl: Template) {
  const p = page();
  if (!p) return;
  const native = nativeFormat(tpl.provider as Provider, tpl.document as DocKind);
  p.apply({
    provider: tpl.provider as Provider,
    document: tpl.document as DocKind,
    format: tpl.format === native ? "" : (tpl.format as Format),
    source: tpl.source,
  });
  ui?.dialog.close();
  say(zh() ? tpl.titleZh || tpl.title : tpl.title);
}

function paragraph(text: string): HTMLParagraphElement {
  const el = document.createElement("p");
  el.textContent = text;
  return el;
}
