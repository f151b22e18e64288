// Service worker: makes repeat visits work offline.
//
// build/site bundles this as sw.js (a fixed name, beside index.html) with __BUCKETLAB_ASSETS__
// set to the JSON list of the site's files: "./", the pages and every content-hashed asset. A
// new build changes the list, hence sw.js, hence the browser installs a new worker with a new
// cache; the old cache goes when the new worker takes over.
//
// - install: cache every listed file in one cache named after a hash of the list;
// - activate: delete this directory's older caches, take control of open pages;
// - fetch: same-origin GETs of listed files only. Hashed assets: cache first (a name never
//   changes content). Pages: network first, the cache when the network fails or answers 5xx.
//   Nothing else is cached, and cross-origin requests are never touched.
//
// Responses are cached as fetched, headers and all, so a page served from the cache keeps its
// CSP, COOP and COEP (cross-origin isolation) and core.wasm keeps application/wasm.

declare const __BUCKETLAB_ASSETS__: string; // JSON text of a string[] (esbuild Define of a string)

// The parts of the service-worker scope used here (tsconfig's lib is DOM, not WebWorker).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface SWScope {
  location: Location;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", h: (e: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", h: (e: FetchEvent) => void): void;
}
const sw = globalThis as unknown as SWScope;

const PREFIX = "bucketlab-";
/** a page fetch slower than this is answered from the cache, if the cache has the page. */
const PAGE_TIMEOUT = 4000;

const list: string[] = JSON.parse(__BUCKETLAB_ASSETS__);
const hashedName = /-[0-9a-f]{8}\.[a-z0-9]+$/; // build/site's content-hashed names

/** absolute URL → whether it is a page (network first) or a hashed asset (cache first). */
const kinds = new Map<string, "page" | "asset">();
for (const name of list) {
  const url = new URL(name, sw.location.href).href;
  kinds.set(url, hashedName.test(name) ? "asset" : "page");
}

/** FNV-1a of the list: a new build gets a new cache name. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
// Several copies of the site may share an origin (/a/, /b/): each worker owns only the caches
// of its own directory, bucketlab-<directory hash>-<list hash>.
const OWN = `${PREFIX}${hash(new URL("./", sw.location.href).href)}-`;
const CACHE = OWN + hash(JSON.stringify(list));

/** a navigation can't use a response that followed a redirect: store such a one as a plain copy. */
async function storable(res: Response): Promise<Response> {
  if (!res.redirected) return res;
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers });
}

sw.addEventListener("install", (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One at a time would take a round trip each; all at once, and the install fails (and is
      // retried on the next visit) if any of them does.
      await Promise.all(
        [...kinds].map(async ([url, kind]) => {
          // Pages revalidate, so a stale HTTP-cached page can't pair with this list's assets;
          // hashed assets may come from the HTTP cache (the page has just fetched them).
          const res = await fetch(url, { cache: kind === "page" ? "no-cache" : "default", credentials: "same-origin" });
          if (!res.ok) throw new Error(`bucketlab offline cache: ${url} answered ${res.status}`);
          await cache.put(url, await storable(res));
        }),
      );
    })(),
  );
});

sw.addEventListener("activate", (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(OWN) && name !== CACHE) await caches.delete(name);
      }
      // Control the page that registered us, so it works offline without a reload.
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return; // never touch other origins
  const key = url.origin + url.pathname; // a page's query string doesn't change the file
  const kind = kinds.get(key);
  if (kind === "asset" && url.search === "") e.respondWith(cacheFirst(req, key));
  else if (kind === "page") e.respondWith(networkFirst(req, key));
  // Anything else (sw.js itself, manifest.json, .br/.gz, unknown paths) goes to the network as
  // if there were no service worker.
});

async function fromCache(key: string): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  return cache.match(key, { ignoreVary: true });
}

async function cacheFirst(req: Request, key: string): Promise<Response> {
  const hit = await fromCache(key);
  if (hit) return hit;
  const res = await fetch(req);
  // Evicted or never cached: it is one of ours, so keep it (a copy: the body is read once).
  if (res.ok && res.type === "basic") {
    const copy = await storable(res.clone());
    void caches.open(CACHE).then((c) => c.put(key, copy)).catch(() => {});
  }
  return res;
}

async function networkFirst(req: Request, key: string): Promise<Response> {
  const network = fetch(req);
  let timer = 0;
  const slow = new Promise<"slow">((resolve) => (timer = setTimeout(() => resolve("slow"), PAGE_TIMEOUT)));
  try {
    const first = await Promise.race([network, slow]);
    if (first !== "slow") {
      if (first.status < 500) return first;
      return (await fromCache(key)) ?? first; // the host is down: the cached page beats its error page
    }
    // Slow network: the cached page if there is one, else keep waiting.
    return (await fromCache(key)) ?? (await network);
  } catch (err) {
    const hit = await fromCache(key);
    if (hit) return hit;
    throw err; // offline and never cached: the browser's own error page
  } finally {
    clearTimeout(timer);
  }
}
