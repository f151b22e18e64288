// The skip link (index.html's first element): moves the keyboard focus into the editor. A plain
// href="#editor" would put "#editor" in the address bar, where sharing.ts keeps the share link's
// state, so the click is handled here; the href stays for a browser that runs no script.

document.querySelector<HTMLAnchorElement>("a.skip-link")?.addEventListener("click", (e) => {
  const editor = document.querySelector<HTMLElement>("#editor .cm-content");
  if (!editor) return;
  e.preventDefault();
  editor.focus();
  editor.scrollIntoView({ block: "nearest" });
});
