// Dark mode. style.css follows the system (prefers-color-scheme) unless <html data-theme> says
// "light" or "dark"; this module sets that attribute from the user's choice (system / light /
// dark, stored in localStorage: no secret) and puts the choice, and the language switch, in the
// header's page tools.
//
// main.ts imports this module first, so the attribute is set in the bundle's first statements.
// The bundle is a deferred script (CSP allows no inline one), so a browser that paints before it
// runs shows the system's theme for that frame.

import { languages, lang, onLanguageChange, parseLang, setLang, t } from "./i18n";

export type ThemeChoice = "system" | "light" | "dark";

const STORAGE_KEY = "bucketlab.theme";
const root = document.documentElement;

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

function apply(choice: ThemeChoice) {
  if (choice === "system") root.removeAttribute("data-theme");
  else root.dataset.theme = choice;
}

apply(stored());
performance.mark?.("bucketlab-theme-applied"); // e2e/theme_test.go compares it with the first paint

export function setTheme(choice: ThemeChoice) {
  apply(choice);
  try {
    if (choice === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // not stored: the choice lasts for this page
  }
}

// --- the controls -----------------------------------------------------------------------------

/** a labelled <select> for the page tools; relabel() re-reads the texts after a language change. */
function picker(id: string, labelKey: string, options: () => { value: string; label: string; lang?: string }[]) {
  const label = document.createElement("label");
  label.className = "page-tool";
  const name = document.createElement("span");
  const select = document.createElement("select");
  select.id = id;
  select.dataset.testid = id;
  select.autocomplete = "off";
  label.append(name, select);
  const relabel = () => {
    name.textContent = t(labelKey);
    const value = select.value;
    select.replaceChildren(
      ...options().map((o) => {
        const opt = document.createElement("option");
        opt.value = o.value;
        opt.textContent = o.label;
        if (o.lang) opt.lang = o.lang;
        return opt;
      }),
    );
    if (value) select.value = value;
  };
  relabel();
  onLanguageChange(relabel);
  return { label, select };
}

const theme = picker("theme-toggle", "theme.label", () =>
  (["system", "light", "dark"] as const).map((v) => ({ value: v, label: t(`theme.${v}`) })),
);
theme.select.value = stored();
theme.select.addEventListener("change", () => setTheme(theme.select.value as ThemeChoice));

// Each language is named in itself, so a reader who cannot read the current one finds theirs.
const language = picker("lang-toggle", "lang.label", () =>
  languages.map((l) => ({ value: l.value, label: l.label, lang: l.value === "en" ? "en" : "zh-CN" })),
);
language.select.value = lang();
language.select.addEventListener("change", () => setLang(parseLang(language.select.value)));
onLanguageChange((l) => (language.select.value = l));

document.getElementById("page-tools")?.append(theme.label, language.label);
