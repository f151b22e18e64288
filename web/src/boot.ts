// Imported first by main.ts, so the worker (and with it the wasm download and compile) starts
// before CodeMirror's modules are even evaluated. CSP forbids inline scripts, so this is as early
// as the page can start it.

import { createCore, type Core, type Response } from "./core";

export const core: Core = createCore(__BUCKETLAB_WORKER__);

/** window.bucketlab: what tests and embedders use. */
export interface PageAPI {
  ready: boolean;
  version: string;
  call<T = unknown>(op: string, request: object): Promise<Response<T>>;
}

declare global {
  interface Window {
    bucketlab: PageAPI;
  }
}

export const page: PageAPI = {
  ready: false,
  version: "",
  call: (op, request) => core.call(op, request),
};
window.bucketlab = page;

core.ready.then(
  ({ version }) => {
    page.version = version;
    page.ready = true;
  },
  () => {}, // shown by main.ts in the core status
);
