// One line in the toolbar that says what the last tool did (aria-live, so screen readers hear it).

let el: HTMLElement | null = null;
let timer = 0;

export function statusElement(e: HTMLElement) {
  el = e;
}

/** shows text for a while; kind colours it. */
export function say(text: string, kind: "ok" | "error" | "busy" = "ok") {
  if (!el) return;
  clearTimeout(timer);
  el.textContent = text;
  el.dataset.kind = kind;
  if (kind !== "busy") timer = window.setTimeout(() => el && (el.textContent = ""), 6000);
}
