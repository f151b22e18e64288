// The "compare with the server" panel. The user pastes the server's SignatureDoesNotMatch error
// body (S3's and COS's carry the strings the server signed) or just its string to sign; the
// core's diffSignature op compares it with what we signed for the composed request and names the
// first difference and its likely cause.
//
// The pasted text lives only in the textarea and in the request to the worker: it is never
// stored, logged or put in a URL. Everything from it is shown with textContent.
//
// The panel's own texts come from t() (i18n.ts) and are written again on a language change; the
// core's summary, causes and error messages stay English.

import { core } from "./boot";
import { fill } from "./dom";
import type { Comparison, DiffValue, Response } from "./core";
import { onLanguageChange, requestLang, t } from "./i18n";
import { Latest } from "./latest";
import { byTestID, el } from "./panels";

const panel = byTestID("diff-panel");
const textarea = byTestID<HTMLTextAreaElement>("server-error");
const differ = new Latest((req: object) => core.call<DiffValue>("diffSignature", req));

let composeRequest: object | null = null; // the request last sent to "compose"
let composeJSON = "";
let generation = 0; // counts inputs; only the answer to the newest is shown
let timer: ReturnType<typeof setTimeout> | undefined;
/** the answer shown, written again on a language change; "waiting" is ours, not the core's. */
let shown: Response<DiffValue> | "waiting" | null = null;

/** wires the textarea and the compare button. */
export function init() {
  textarea.addEventListener("input", () => schedule(300));
  byTestID("diff-compare").addEventListener("click", () => compare());
  onLanguageChange(() => render(shown, true));
}

/** tells the panel which request "compose" answered for; a change re-runs the comparison. */
export function composed(request: object) {
  const json = JSON.stringify(request);
  if (json === composeJSON) return; // e.g. a re-lint with the same settings
  composeRequest = request;
  composeJSON = json;
  schedule(0);
}

/** compares after delay ms without further input, if there is anything to compare. */
function schedule(delay: number) {
  generation++;
  clearTimeout(timer);
  if (textarea.value.trim() === "") {
    render(null);
    return;
  }
  panel.dataset.state = "busy";
  timer = setTimeout(compare, delay);
}

async function compare() {
  clearTimeout(timer);
  const gen = ++generation;
  if (composeRequest === null) {
    render("waiting");
    return;
  }
  panel.dataset.state = "busy";
  const text = textarea.value;
  // Error bodies are XML; anything else is taken as the server's string to sign, byte for byte.
  const server = text.trimStart().startsWith("<") ? { errorBody: text } : { serverStringToSign: text };
  const res = await differ.run({ compose: composeRequest, ...server, lang: requestLang() });
  if (gen === generation) render(res);
}

/** shows an answer; null empties the panel. again: the same answer in another language, which
 * leaves the panel's state alone (a comparison may be on its way). */
function render(answer: Response<DiffValue> | "waiting" | null, again = false) {
  shown = answer;
  const res = answer === "waiting" ? null : answer;
  const error = byTestID("diff-error");
  const summary = byTestID("diff-summary");
  const list = byTestID("diff-comparisons");
  if (!again) panel.dataset.state = answer === null ? "empty" : "idle";
  error.hidden = answer === null || (res !== null && res.ok);
  error.textContent =
    answer === "waiting" ? t("diff.waiting", { code: "bad-request" }) : res && !res.ok ? `${res.error.code}: ${res.error.message}` : "";
  summary.textContent = res?.ok ? res.value.summary : "";
  summary.dataset.match = String(!!res?.ok && res.value.comparisons.every((c) => c.match));
  fill(list, res?.ok ? res.value.comparisons.map(comparison) : []);
  for (const lines of list.querySelectorAll<HTMLElement>(".diff-lines")) revealMark(lines);
}

function comparison(c: Comparison): HTMLElement {
  const block = el("div", undefined, "comparison");
  block.dataset.testid = `diff-${c.name}`;
  block.dataset.match = String(c.match);
  const verdict = c.match ? t("diff.matches") : t("diff.differsAt", { line: c.line, column: c.column });
  const head = el("h3", c.name);
  head.append(" ", el("span", verdict, "verdict"));
  block.append(head);
  if (!c.match) {
    if (c.cause) block.append(el("p", c.cause, "cause"));
    const lines = el("div", undefined, "diff-lines");
    lines.append(...markedLine("ours", c.oursLine ?? "", c.column), ...markedLine("theirs", c.theirsLine ?? "", c.column));
    block.append(lines);
  }
  const details = el("details");
  details.append(
    el("summary", t("diff.fullStrings")),
    el("h4", t("diff.ours")),
    full(c.ours, "ours"),
    el("h4", t("diff.server")),
    full(c.theirs, "theirs"),
  );
  block.append(details);
  return block;
}

/** a label and a line with the characters from column (1-based, in code points) on marked. */
function markedLine(who: "ours" | "theirs", line: string, column: number): HTMLElement[] {
  const chars = Array.from(line);
  const at = Math.min(Math.max(column - 1, 0), chars.length);
  const code = el("code");
  code.dataset.line = who;
  const mark = el("mark", chars.slice(at).join(""));
  if (at === chars.length) mark.title = t("diff.lineEnds");
  code.append(chars.slice(0, at).join(""), mark);
  return [el("span", t(who === "ours" ? "diff.oursLabel" : "diff.serverLabel"), "who"), code];
}

function full(text: string, who: string) {
  const pre = el("pre", text);
  pre.dataset.full = who;
  return pre;
}

/** scrolls a long line sideways so that its first difference is in view. */
function revealMark(lines: HTMLElement) {
  const mark = lines.querySelector("mark");
  if (mark && mark.offsetLeft > lines.clientWidth * 0.8) lines.scrollLeft = mark.offsetLeft - lines.clientWidth / 3;
}
