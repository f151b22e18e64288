// Typed promise client for the bucketlab core, which runs as Go WebAssembly in a Web Worker
// (worker.ts). Embedders can import this module too: createCore(url of the built worker).
//
// Every call resolves to a Response, never rejects: if the worker cannot start, calls resolve to
// an "internal" error. Only `ready` rejects, so the page can show why the core is unavailable.

export type Severity = "error" | "warning" | "info" | "hint";

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** the English message, when the request's `lang` had the core translate `message`. */
  detail?: string;
  path: string;
  line: number; // 1-based
  column: number; // 1-based, in Unicode code points
  endLine: number;
  endColumn: number;
  from: number; // UTF-16 offsets into the source, what CodeMirror uses
  to: number;
  /** replacement text for from–to when there is an obvious fix; "" means delete the range. */
  suggestion?: string;
  related?: unknown[];
}

export type ErrorCode = "bad-request" | "internal";

export type Response<T = unknown> =
  | { ok: true; value: T; diagnostics: Diagnostic[] }
  | { ok: false; error: { code: ErrorCode; message: string }; diagnostics?: Diagnostic[] };

export interface Header {
  name: string;
  value: string;
}

export interface SignedRequest {
  method: string;
  url: string;
  headers: Header[];
  body: string;
  steps: Header[]; // every intermediate value of the signature, in order
  http: string;
  curl: string;
}

export interface Wire {
  contentType: string;
  body: string;
  headers?: Header[] | Record<string, string>;
}

/** value of `check`, and of `compose` with `request` added. */
export interface ComposeValue {
  wire?: Wire;
  contentMD5?: string;
  model?: unknown;
  request?: SignedRequest;
  /** why there is no request although the document is valid (a bad bucket name, no key, …). */
  requestError?: { code: string; message: string };
}

/** one of our signing strings beside the server's, in the value of `diffSignature`. */
export interface Comparison {
  name: string; // the step's name: StringToSign, CanonicalRequest, HttpString
  match: boolean;
  ours: string;
  theirs: string;
  // Where they first differ (-1 when they match): byte offset, and 1-based line and column
  // (in Unicode code points) of our string; the prefix is common, so theirs too.
  offset: number;
  line: number;
  column: number;
  oursLine?: string; // the differing line of each
  theirsLine?: string;
  cause?: string;
}

/** value of `diffSignature`. */
export interface DiffValue {
  request: SignedRequest;
  comparisons: Comparison[];
  summary: string;
}

export interface Core {
  /** resolves once the core answered its warm-up call; rejects if it cannot start. */
  ready: Promise<{ version: string }>;
  /** op is a core operation (check, compose, sign, …); request is sent as JSON. */
  call<T = unknown>(op: string, request: object): Promise<Response<T>>;
  terminate(): void;
}

// Messages between page and worker. Requests and responses travel as JSON text: the Go side
// takes and returns strings, and one string copy is cheaper than structured-cloning objects.
export type ToWorker = { id: number; op: string; request: string };
export type FromWorker =
  | { id: number; response: string }
  | { type: "ready"; version: string }
  | { type: "error"; message: string };

const defaultWorker = typeof __BUCKETLAB_WORKER__ === "string" ? __BUCKETLAB_WORKER__ : "worker.js";

export function internalError<T>(message: string): Response<T> {
  return { ok: false, error: { code: "internal", message } };
}

export function createCore(workerURL: string | URL = defaultWorker): Core {
  const pending = new Map<number, (r: Response<any>) => void>();
  let nextID = 1;
  let failure: string | null = null;
  let isReady = false;
  let resolveReady!: (v: { version: string }) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<{ version: string }>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  // Mark the rejection handled: callers that await `ready` still see it, but a page that only
  // uses call() doesn't get an "unhandled rejection" report.
  ready.catch(() => {});

  const fail = (message: string) => {
    if (failure !== null) return;
    failure = message;
    rejectReady(new Error(message));
    for (const resolve of pending.values()) resolve(internalError(message));
    pending.clear();
  };

  let worker: Worker;
  try {
    worker = new Worker(workerURL);
  } catch (e) {
    fail(`cannot start the worker: ${e instanceof Error ? e.message : String(e)}`);
    return { ready, call: async () => internalError(failure!), terminate() {} };
  }

  worker.addEventListener("message", (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if ("id" in m) {
      const resolve = pending.get(m.id);
      if (!resolve) return;
      pending.delete(m.id);
      try {
        resolve(JSON.parse(m.response));
      } catch {
        resolve(internalError("the core answered with invalid JSON"));
      }
    } else if (m.type === "ready") {
      isReady = true;
      resolveReady({ version: m.version });
    } else if (m.type === "error") {
      fail(m.message);
    }
  });
  worker.addEventListener("error", (e: Event) => {
    // Before ready this is fatal (e.g. the script is missing, 404 gives a plain Event). Handled
    // here and shown by the page, so keep it out of the console.
    e.preventDefault();
    if (!isReady) fail(e instanceof ErrorEvent && e.message ? e.message : "cannot load the core's worker script");
  });

  return {
    ready,
    call<T>(op: string, request: object): Promise<Response<T>> {
      if (failure !== null) return Promise.resolve(internalError<T>(failure));
      const id = nextID++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        // Posted at once even before ready: the worker queues requests until the core runs.
        worker.postMessage({ id, op, request: JSON.stringify(request) } satisfies ToWorker);
      });
    },
    terminate() {
      worker.terminate();
      fail("the core was terminated");
    },
  };
}
