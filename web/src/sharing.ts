// Share links in the page: a "copy link" button and the link itself in a read-only field (for
// when the clipboard is unavailable) in the header's page tools, and the address bar kept on
// the current state, so a reload or a bookmark keeps the work. The format is share.ts's.
//
// A link opened with #v1=… is applied in the same task that creates the editor (withPlayground
// runs when main.ts provides the playground), so the sample never shows and the first lint is
// already the link's. &panel=<name> then scrolls to that panel and focuses it.
//
// Its texts come from t() (i18n.ts) and follow a language change; the problems share.ts finds in
// a link it decodes stay English.

import { withPlayground, type Playground } from "./context";
import { bindText, lang, onLanguageChange, registerStrings, t } from "./i18n";
import { decode, encode } from "./share";

registerStrings({
  "share.group": "share link",
  "share.copy": "copy link",
  "share.copyTitle": "copy a link to this document and its settings (never the secret key)",
  "share.field": "link to this document and its settings; the secret key is never in it",
  "share.large": "large document: press “copy link” to make the link",
  "share.tooLong": "the link is {length} characters, over what browsers open; share the document as a file",
  "share.copied": "link copied",
  "share.copiedLong": "link copied ({length} characters; some chat apps cut long links)",
  "share.noClipboard": "the clipboard is unavailable: the link is selected, copy it with Ctrl+C / ⌘C",
  "share.noClipboardLong":
    "the clipboard is unavailable: the link is selected, copy it with Ctrl+C / ⌘C ({length} characters; some chat apps cut long links)",
  "share.notALink": "ignored the address's #… part: it is not a bucketlab link",
  "share.problems": "{problems}",
  "share.noPanel": "this page has no {name} panel",
  "share.panelHidden": "the {name} panel is not shown for this document",
});

/** above this many characters of source, the link is made on demand only (lz-string is O(n) on
 * the main thread: ~25 ms for 20 KB, ~350 ms for 1 MB). */
const LIVE_LIMIT = 64 << 10;
/** Chromium's URL limit is 2 MiB; other browsers and chat apps cut far sooner. */
const URL_LIMIT = 2 << 20;
/** how long to wait for a panel another feature shows later (after the state is applied). */
const PANEL_WAIT = 5000;

// --- the controls ----------------------------------------------------------------------------

const box = document.createElement("div");
box.className = "share";
box.setAttribute("role", "group");
bindText(box, "share.group", "aria-label");
const button = document.createElement("button");
button.type = "button";
bindText(button, "share.copy");
bindText(button, "share.copyTitle", "title");
button.dataset.testid = "share-link";
const field = document.createElement("input");
field.readOnly = true;
field.spellcheck = false;
field.autocomplete = "off";
field.dataset.testid = "share-url";
bindText(field, "share.field", "aria-label");
const status = document.createElement("span");
status.className = "share-status";
status.dataset.testid = "share-status";
status.setAttribute("role", "status");
status.setAttribute("aria-live", "polite");
box.append(button, field, status);
document.getElementById("page-tools")?.append(box);

field.addEventListener("focus", () => field.select());

let statusTimer = 0;
/** the message shown, as a key and its values, written again on a language change. */
let said: { key: string; vars: Record<string, string> } | null = null;

/** a short message beside the link (a key and its values; null clears it); problems stay until
 * the next message, the rest fade. */
function say(key: string | null, vars: Record<string, string> = {}, kind: "info" | "problem" = "info") {
  clearTimeout(statusTimer);
  said = key === null ? null : { key, vars };
  status.textContent = key === null ? "" : t(key, vars);
  status.dataset.kind = kind;
  if (kind === "info" && key !== null) statusTimer = window.setTimeout(() => say(null), 4000);
}

/** a count in the page's language ("12,345"). */
const number = (n: number) => n.toLocaleString(lang() === "zh-CN" ? "zh-CN" : "en");

// A large document's placeholder, and the message shown, follow the language.
let largeDocument = false;
onLanguageChange(() => {
  if (largeDocument) field.placeholder = t("share.large");
  if (said) status.textContent = t(said.key, said.vars);
});

// --- the link --------------------------------------------------------------------------------

/** the page's own URL (any sub-path, any query) with the fragment replaced. */
const base = () => location.href.replace(/#.*$/, "");

function link(p: Playground): string {
  return `${base()}#${encode(p.state())}`;
}

/** puts the current state in the field and, once the user changed something, the address bar. */
function update(p: Playground, touchAddressBar: boolean) {
  if (p.state().source.length > LIVE_LIMIT) {
    field.value = "";
    largeDocument = true;
    field.placeholder = t("share.large");
    return;
  }
  largeDocument = false;
  const url = link(p);
  field.value = url;
  // replaceState: no history entry per keystroke, and no hashchange event.
  if (touchAddressBar && url !== location.href && url.length <= URL_LIMIT) {
    try {
      history.replaceState(history.state, "", url);
    } catch {
      // Some embedders (sandboxed iframes, file://) refuse; the field still has the link.
    }
  }
}

async function copy(p: Playground) {
  const url = link(p);
  field.value = url;
  if (url.length > URL_LIMIT) {
    say("share.tooLong", { length: number(url.length) }, "problem");
    return;
  }
  // Past 8000 characters the message says how long the link is.
  const long = url.length > 8000 ? "Long" : "";
  const length = { length: number(url.length) };
  try {
    await navigator.clipboard.writeText(url);
    say(`share.copied${long}`, length);
  } catch {
    // No clipboard (permission, an iframe, an old browser): leave the link selected instead.
    field.focus();
    field.select();
    say(`share.noClipboard${long}`, length, "problem");
  }
}

// --- opening a link --------------------------------------------------------------------------

/** applies a share link's fragment; false when the fragment is not a share link. */
function open(p: Playground, fragment: string): boolean {
  const d = decode(fragment);
  if (!d) {
    const id = fragment.replace(/^#/, "");
    // A plain in-page anchor is the browser's business; anything else is a mangled link.
    if (id && !document.getElementById(decodeURIComponentSafe(id))) {
      say("share.notALink", {}, "problem");
    }
    return false;
  }
  if (Object.keys(d.state).length > 0) p.apply(d.state);
  if (d.problems?.length) say("share.problems", { problems: d.problems.join("; ") }, "problem"); // share.ts's English
  if (d.panel) openPanel(d.panel);
  return true;
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const shown = (e: HTMLElement) => !e.closest("[hidden]") && e.getClientRects().length > 0;

/** scrolls to a panel and focuses it, waiting a little for features that show it later. */
function openPanel(name: string) {
  const panel = document.querySelector<HTMLElement>(`[data-testid="${name}-panel"]`);
  if (!panel) {
    say("share.noPanel", { name }, "problem");
    return;
  }
  const go = () => {
    if (!panel.hasAttribute("tabindex")) panel.tabIndex = -1; // focusable by script, not by Tab
    panel.scrollIntoView({ block: "start" });
    panel.focus({ preventScroll: true });
    keepInView(panel);
  };
  // After the features' own onChange handlers (a timeout 0) had a chance to show the panel.
  setTimeout(() => {
    if (shown(panel)) return go();
    const stop = () => {
      watch.disconnect();
      clearTimeout(timer);
    };
    const watch = new MutationObserver(() => {
      if (shown(panel)) {
        stop();
        go();
      }
    });
    watch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["hidden", "class", "style"] });
    const timer = window.setTimeout(() => {
      stop();
      say("share.panelHidden", { name }, "problem");
    }, PANEL_WAIT);
  }, 0);
}

/** the panels above fill when the core answers and push this one down: follow it for a few
 * seconds, until the user scrolls, types or clicks, or focus moves elsewhere. */
function keepInView(panel: HTMLElement) {
  const inputs = ["wheel", "keydown", "mousedown", "touchstart"];
  const stop = () => {
    clearTimeout(timer);
    watch.disconnect();
    for (const t of inputs) window.removeEventListener(t, stop, true);
  };
  const watch = new ResizeObserver(() => {
    if (document.activeElement === panel) panel.scrollIntoView({ block: "start" });
    else stop();
  });
  watch.observe(document.body);
  for (const t of inputs) window.addEventListener(t, stop, { capture: true, passive: true });
  const timer = window.setTimeout(stop, PANEL_WAIT);
}

// --- wiring ----------------------------------------------------------------------------------

// Read now, while main.ts is still evaluating: the callback below runs inside provide(), before
// the first paint and the first lint.
const initial = location.hash;

withPlayground((p) => {
  if (initial) open(p, initial);
  // A page opened from a link keeps it in the address bar; a plain visit stays plain until the
  // first change.
  update(p, false);

  let timer = 0;
  p.onChange(() => {
    clearTimeout(timer);
    timer = window.setTimeout(() => update(p, true), 300);
  });
  button.addEventListener("click", () => void copy(p));
  // A link pasted into the address bar of this tab is a same-document navigation.
  window.addEventListener("hashchange", () => {
    if (open(p, location.hash)) update(p, false);
  });
});
