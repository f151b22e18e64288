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

// Bounds on what reaches the core. MAX_SOURCE mirrors core/api.MaxSource: the core answers a
// larger document with document-too-large itself, but decoding a 10 MB request in wasm costs
// seconds, so past LIMIT the worker hands it only the first MiB (see shrink). Escaping can make
// a request up to six times its source (\u0000), hence HARD_LIMIT.
const MAX_SOURCE = 1 << 20;
const LIMIT = 2 << 20;
const HARD_LIMIT = 7 * MAX_SOURCE;
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
  let request = m.request;
  let cut: Cut | null = null;
  // UTF-8 takes at least one byte per UTF-16 unit and at most three, so only count when the
  // string could be over the limit.
  if (request.length * 3 > LIMIT && utf8Length(request) > LIMIT) {
    const c = shrink(request);
    if (typeof c === "string") return c;
    if (c.sent >= 0) {
      cut = c;
      request = c.request;
    }
  }
  let response: string;
  try {
    response = core!.call(m.op, request);
  } catch (e) {
    // The Go side recovers its own panics; this is the runtime itself having died.
    return errorResponse("internal", e instanceof Error ? e.message : String(e));
  }
  return cut ? realSize(response, cut) : response;
}

/** the UTF-8 length of s; a lone surrogate counts as the three bytes of U+FFFD, as it is sent. */
function utf8Length(s: string): number {
  let n = s.length; // one byte per unit, plus what wider characters add
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: four bytes for two units
      i++;
    } else n += 2;
  }
  return n;
}

/** a request whose document was cut: sent and real are the document's sizes in bytes. */
interface Cut {
  request: string;
  sent: number;
  real: number;
}

/**
 * A request over LIMIT. If its document is over the core's limit, the core gets only the first
 * MAX_SOURCE + 1 units of it: enough to refuse it (document-too-large at 1:1) in the op's own
 * answer shape, after reading 1 MiB instead of all of it. sent is -1 when the document fits and
 * the request is big only through escaping; a string is the answer itself (a bad request).
 */
function shrink(request: string): Cut | string {
  let r: Record<string, unknown>;
  try {
    r = (JSON.parse(request) ?? {}) as Record<string, unknown>;
  } catch {
    return errorResponse("bad-request", "the request is not valid JSON");
  }
  if (typeof r.source !== "string") {
    return errorResponse("bad-request", `the request is ${utf8Length(request)} bytes; the limit is ${LIMIT} (2 MiB)`);
  }
  const real = utf8Length(r.source);
  if (real <= MAX_SOURCE) {
    if (request.length <= HARD_LIMIT) return { request, sent: -1, real };
    return errorResponse("bad-request", `the request is ${utf8Length(request)} bytes for a ${real}-byte document; the limit is ${LIMIT} (2 MiB)`);
  }
  const head = r.source.slice(0, MAX_SOURCE + 1);
  return { request: JSON.stringify({ ...r, source: head }), sent: utf8Length(head), real };
}

/** puts the document's real size into the core's document-too-large message about the cut one. */
function realSize(response: string, cut: Cut): string {
  try {
    const res = JSON.parse(response) as { diagnostics?: { code: string; message: string; detail?: string }[] };
    const fix = (s: string) => s.replace(String(cut.sent), String(cut.real));
    for (const d of res.diagnostics ?? []) {
      if (d.code !== "document-too-large") continue;
      d.message = fix(d.message);
      if (d.detail) d.detail = fix(d.detail); // the English message beside a translated one
    }
    return JSON.stringify(res);
  } catch {
    return response;
  }
}

function fail(message: string) {
  if (failure !== null) return;
  failure = message;
  post({ type: "error", message });
  queue.splice(0).forEach(answer);
}

/** fetches and compiles core.wasm; started before anything else, as it is the long pole. */
async function compile(): Promise<WebAssembly.Module> {
  const url = __BUCKETLAB_CORE_WASM__;
  try {
    // Compiles while the bytes arrive (needs Content-Type: application/wasm), and lets the
    // browser cache the compiled code with the HTTP-cached response for repeat visits.
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A static host with a wrong MIME type: fetch again (from the cache) and compile the buffer.
    // Errors from here on (404, not wasm) are the real ones.
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return WebAssembly.compile(await res.arrayBuffer());
  }
}

async function start() {
  const compiled = compile();
  compiled.catch(() => {}); // awaited below; don't report it twice
  // importScripts blocks the worker until wasm_exec.js is loaded: meanwhile the wasm downloads.
  importScripts(__BUCKETLAB_WASM_EXEC__);
  const go = new Go();
  const instance = await WebAssembly.instantiate(await compiled, go.importObject);

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
  core = bl;
  post({ type: "ready", version: String(bl.version ?? "") });
  if (queue.length > 0) {
    // The page's first check is already waiting: it pays V8's lazy compile itself, sooner than
    // a warm-up call in front of it would.
    queue.splice(0).forEach(answer);
    return;
  }
  // V8 compiles lazily: the first real call costs 60–100 ms. Pay it now, while nobody waits.
  try {
    bl.call("check", JSON.stringify({ provider: "qingstor", document: "cors", source: "{}" }));
  } catch {
    // a failing warm-up is not fatal; real calls report their own errors
  }
}

start().catch((e) => fail(e instanceof Error ? e.message : String(e)));
