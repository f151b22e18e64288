// A modal <dialog> with a heading and a close button, made once and reused (its close button's
// label follows the page's language).

import { bindStr } from "./strings";

export function makeDialog(testid: string, className: string): { dialog: HTMLDialogElement; heading: HTMLElement; body: HTMLElement } {
  const dialog = document.createElement("dialog");
  dialog.className = `bl-dialog ${className}`;
  dialog.dataset.testid = testid;
  const head = dialog.appendChild(document.createElement("div"));
  head.className = "bl-dialog-head";
  const heading = head.appendChild(document.createElement("h2"));
  heading.id = `${testid}-heading`;
  dialog.setAttribute("aria-labelledby", heading.id);
  const close = head.appendChild(document.createElement("button"));
  close.type = "button";
  close.className = "bl-dialog-close";
  close.textContent = "×";
  bindStr(close, "close", "title");
  bindStr(close, "close", "aria-label");
  close.dataset.testid = `${testid}-close`;
  close.addEventListener("click", () => dialog.close());
  // A click on the backdrop (the dialog element itself, outside its box) closes it.
  dialog.addEventListener("click", (e) => {
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
  });
  const body = dialog.appendChild(document.createElement("div"));
  body.className = "bl-dialog-body";
  document.body.appendChild(dialog);
  return { dialog, heading, body };
}
