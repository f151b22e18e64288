// Registers the service worker (sw.ts) that makes repeat visits work offline.
//
// Only on http(s) (service workers need a secure context: https, or http on localhost), and only
// once the page has loaded and the core is ready: by then core.wasm is in the HTTP cache, so the
// worker's install copies it from there instead of downloading the 4 MB a second time while the
// page still needs the bandwidth. "sw.js" is relative, so the site works under any sub-path;
// the worker's scope is the directory of the page.

import { core } from "./boot";

function register() {
  navigator.serviceWorker.register("sw.js").catch((e: Error) => {
    // A host without sw.js, or a browser that refuses (private mode, storage full): the page
    // works as before, just not offline. Not an error of the page's.
    console.warn(`bucketlab: no offline copy: ${e.message}`);
  });
}

if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
  const loaded = new Promise<void>((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", () => resolve(), { once: true });
  });
  void Promise.all([loaded, core.ready.catch(() => {})]).then(register);
}
