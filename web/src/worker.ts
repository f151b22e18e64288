// Classic Web Worker that hosts the Go core, so compiling the wasm, Go's start-up, its GC and
// slow calls on big documents never block typing on the page.
//
// In:  {id, op, request /* JSON text */}
// Out: {id, response /* JSON text */}, and once {type:"ready", version} or {type:"error", message}.
// Requests that arrive before the core runs are queued and answered in order.

import type { FromWorker, ToWorker } from "./core";

// Provided by wasm_exec.js (loaded with importScripts) and by the Go program.
declare function importScripts(...urls: string[]): void;
declare class Go {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}
interface Bucketlab {
  version: string;
  ready: boolean;
  call(op: string, request: string): string;
}
const scope = globalThis as unknown as {
  bucketlab?: Bucketlab;
  __bucketlabReady?: () => void;
  postMessage(m: FromWorker): void;
  addEventListener(type: "message", h: (e: MessageEvent) => void): void;
};

const LIMIT = 2 << 20; // 2 MiB of UTF-8: beyond that an answer could take seconds
const START_TIMEOUT = 30_000;

let core: Bucketlab | null = null;
let failure: string | null = null;
const queue: ToWorker[] = [];

const post = (m: FromWorker) => scope.postMessage(m);
const errorResponse = (code: string, message: string) => JSON.stringify({ ok: false, error: { code, message } });

scope.addEventListener("message", (e: MessageEvent) => {
  const m = e.data as ToWorker;
  if (!m || typeof m.id !== "number") return;
  if (core || failure !== null) answer(m);
  else queue.push(m);
});

function answer(m: ToWorker) {
  post({ id: m.id, response: respond(m) });
}

function respond(m: ToWorker): string {
  if (failure !== null) return errorResponse("internal", `the core is not running: ${failure}`);
  if (typeof m.op !== "string" || typeof m.request !== "string") {
    return errorResponse("bad-request", "a request needs an op and a JSON request string");
  }
  // UTF-8 takes at least one byte per UTF-16 unit and at most three, so only encode when the
  // string could be over the limit.
  if (m.request.length * 3 > LIMIT) {
    const n = new TextEncoder().encode(m.request).length;
    if (n > LIMIT) return errorResponse("bad-request", `document is too large: ${n} bytes; the limit is 2 MiB`);
  }
  try {
    return core!.call(m.op, m.request);
  } catch (e) {
    // The Go side recovers its own panics; this is the runtime itself having died.
    return errorResponse("internal", e instanceof Error ? e.message : String(e));
  }
}

function fail(message: string) {
  if (failure !== null) return;
  failure = message;
  post({ type: "error", message });
  queue.splice(0).forEach(answer);
}

async function instantiate(imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
  const url = __BUCKETLAB_CORE_WASM__;
  try {
    // Compiles while the bytes arrive; needs Content-Type: application/wasm.
    return (await WebAssembly.instantiateStreaming(fetch(url), imports)).instance;
  } catch {
    // A static host with a wrong MIME type: fetch again (from the cache) and compile the buffer.
    // Errors from here on (404, not wasm) are the real ones.
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return (await WebAssembly.instantiate(await res.arrayBuffer(), imports)).instance;
  }
}

async function start() {
  importScripts(__BUCKETLAB_WASM_EXEC__);
  const go = new Go();
  const instance = await instantiate(go.importObject);

  // The Go side sets bucketlab.ready and calls the hook when it is ready; the hook must exist
  // before go.run, which runs Go's main until it first blocks.
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  scope.__bucketlabReady = () => markReady();
  const run = go.run(instance);
  run.then(() => fail("the core exited"));
  if (scope.bucketlab?.ready === true) markReady();
  let timer = 0;
  await Promise.race([
    ready,
    run.then(() => Promise.reject(new Error("the core exited before it was ready"))),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("the core did not become ready")), START_TIMEOUT);
    }),
  ]);
  clearTimeout(timer);

  const bl = scope.bucketlab;
  if (!bl || typeof bl.call !== "function") throw new Error("the core did not define bucketlab.call");
  // V8 compiles lazily: the first real call costs 60–100 ms. Pay it now, before anyone waits.
  try {
    bl.call("check", JSON.stringify({ provider: "qingstor", document: "cors", source: "{}" }));
  } catch {
    // a failing warm-up is not fatal; real calls report their own errors
  }
  core = bl;
  post({ type: "ready", version: String(bl.version ?? "") });
  queue.splice(0).forEach(answer);
}

start().catch((e) => fail(e instanceof Error ? e.message : String(e)));
