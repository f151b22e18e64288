// The benchmark page (web/bench.html; not in dist/). make bench loads it from the same origin as a
// built dist/ and calls window.__bench(params): it times `check` through the page's Web Worker
// (what a keystroke costs) and on this thread, and signing by the Go core beside the JavaScript
// signers people use in browsers, all in one page and one run. Figures only: nothing here passes
// or fails.

import { createCore } from "../core";
import { AwsV4Signer } from "aws4fetch";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import COS from "cos-js-sdk-v5";

interface Params {
  /** policies to check, by name: the same files the native benchmark reads. */
  policies: { name: string; provider: string; source: string }[];
  /** `sign` requests for the core, by scheme (qingstor, cos, sigv4). */
  sign: Record<string, SignInput>;
  /** how long to time each case, in ms. */
  ms: number;
}

/** one request, as every signer gets it. */
interface SignInput {
  request: Record<string, unknown>; // the core's sign request
  url: string;
  host: string;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  time: string; // RFC 3339
}

/** median, mean and count of a series, in µs. */
interface Stat {
  medianUs: number;
  meanUs: number;
  n: number;
}

interface Result {
  check: { name: string; bytes: number; workerRoundTrip: Stat; mainThread: Stat; diagnostics: number }[];
  sign: { scheme: string; impl: string; stat: Stat; sample: string }[];
  userAgent: string;
  crossOriginIsolated: boolean;
}

const status = document.querySelector<HTMLElement>("[data-testid=bench-status]")!;
const say = (s: string) => (status.textContent = s);

function stat(us: number[]): Stat {
  const s = [...us].sort((a, b) => a - b);
  return { medianUs: s[Math.floor(s.length / 2)], meanUs: us.reduce((a, b) => a + b, 0) / us.length, n: us.length };
}

/** runs fn a few times untimed, then times each call for at least ms (and at least min calls). */
async function time(fn: () => unknown, ms: number, min = 5, warm = 5): Promise<Stat> {
  for (let i = 0; i < warm; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  const us: number[] = [];
  const end = performance.now() + ms;
  while (us.length < min || performance.now() < end) {
    const t0 = performance.now();
    const r = fn();
    if (r instanceof Promise) await r;
    us.push((performance.now() - t0) * 1000);
  }
  return stat(us);
}

async function assets(): Promise<Record<string, string>> {
  const m = await (await fetch("../manifest.json")).json();
  return m.assets;
}

type Call = (op: string, request: string) => string;

/** a second instance of the core on this thread, as the JavaScript peers run: no round trip. */
async function mainThreadCore(a: Record<string, string>): Promise<Call> {
  await new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "../" + a["wasm_exec.js"];
    s.onload = resolve;
    s.onerror = () => reject(new Error("cannot load wasm_exec.js"));
    document.head.append(s);
  });
  const g = globalThis as unknown as {
    Go: new () => { importObject: WebAssembly.Imports; run(i: WebAssembly.Instance): Promise<void> };
    __bucketlabReady?: () => void;
    bucketlab?: { call: Call };
  };
  const go = new g.Go();
  const ready = new Promise<void>((r) => (g.__bucketlabReady = r));
  const { instance } = await WebAssembly.instantiateStreaming(fetch("../" + a["core.wasm"]), go.importObject);
  void go.run(instance);
  await ready;
  const bl = g.bucketlab!;
  return (op, request) => bl.call(op, request);
}

const amzDate = (t: string) => t.replace(/[-:]/g, "").replace(/\.\d+/, ""); // 20261123T100000Z

async function run(p: Params): Promise<Result> {
  const a = await assets();
  say("starting the core in its worker…");
  const core = createCore("../" + a["worker.js"]);
  await core.ready;
  const result: Result = { check: [], sign: [], userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated };

  // First the worker, as the playground uses it, while this thread has nothing else running
  // (the second instance below would add its Go runtime's timers and GC to this thread).
  const roundTrips = new Map<string, Stat>();
  for (const doc of p.policies) {
    say(`check ${doc.name} through the worker…`);
    const req = { provider: doc.provider, document: "policy", source: doc.source };
    const first = await core.call("check", req);
    if (!first.ok) throw new Error(`check ${doc.name}: ${JSON.stringify(first.error)}`);
    roundTrips.set(doc.name, await time(() => core.call("check", req), p.ms));
  }
  for (const [scheme, s] of Object.entries(p.sign)) {
    say(`sign ${scheme} through the worker…`);
    roundTrips.set(`sign ${scheme}`, await time(() => core.call("sign", s.request), p.ms));
  }
  core.terminate();

  say("starting the core on this thread…");
  const direct = await mainThreadCore(a);
  for (const doc of p.policies) {
    say(`check ${doc.name} on this thread…`);
    const text = JSON.stringify({ provider: doc.provider, document: "policy", source: doc.source });
    const first = JSON.parse(direct("check", text));
    result.check.push({
      name: doc.name,
      bytes: new TextEncoder().encode(doc.source).length,
      workerRoundTrip: roundTrips.get(doc.name)!,
      mainThread: await time(() => direct("check", text), p.ms),
      diagnostics: first.diagnostics.length,
    });
  }

  for (const [scheme, s] of Object.entries(p.sign)) {
    say(`sign ${scheme}…`);
    const text = JSON.stringify(s.request);
    const ours = JSON.parse(direct("sign", text));
    if (!ours.ok) throw new Error(`sign ${scheme}: ${JSON.stringify(ours.error)}`);
    const auth = (ours.value.headers as { name: string; value: string }[]).find((h) => h.name.toLowerCase() === "authorization");
    result.sign.push({ scheme, impl: "bucketlab (wasm, this thread)", stat: await time(() => direct("sign", text), p.ms), sample: auth?.value ?? ours.value.url });
    result.sign.push({ scheme, impl: "bucketlab (wasm, worker round trip)", stat: roundTrips.get(`sign ${scheme}`)!, sample: "" });

    if (scheme === "sigv4") {
      // aws4fetch keeps derived signing keys in a cache, as its AwsClient does across requests.
      const cache = new Map<string, ArrayBuffer>();
      const a4 = () =>
        new AwsV4Signer({
          method: "PUT", url: s.url, headers: s.headers, body: s.body, accessKeyId: s.accessKeyId,
          secretAccessKey: s.secretAccessKey, region: s.region, service: "s3", datetime: amzDate(s.time), cache,
        }).sign();
      const signed = await a4();
      result.sign.push({ scheme, impl: "aws4fetch", stat: await time(a4, p.ms), sample: signed.headers.get("authorization") ?? "" });

      const smithy = new SignatureV4({
        credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
        region: s.region, service: "s3", sha256: Sha256, uriEscapePath: false,
      });
      const url = new URL(s.url);
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (query[k] = v));
      const sm = () =>
        smithy.sign(
          { method: "PUT", protocol: "https:", hostname: url.hostname, path: url.pathname, query, headers: { ...s.headers, host: url.hostname }, body: s.body },
          { signingDate: new Date(s.time) },
        );
      const smSigned = await sm();
      result.sign.push({ scheme, impl: "@smithy/signature-v4 + @aws-crypto/sha256-js", stat: await time(sm, p.ms), sample: String(smSigned.headers["authorization"] ?? "") });
    }
    if (scheme === "cos") {
      const start = Math.floor(Date.parse(s.time) / 1000);
      const url = new URL(s.url);
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (query[k] = v));
      const cos = () =>
        COS.getAuthorization({
          SecretId: s.accessKeyId, SecretKey: s.secretAccessKey, Method: "put", Pathname: url.pathname, Query: query,
          Headers: { ...s.headers, Host: url.hostname }, KeyTime: `${start};${start + 3600}`,
        });
      result.sign.push({ scheme, impl: "cos-js-sdk-v5 getAuthorization", stat: await time(cos, p.ms), sample: cos() });
    }
  }
  say("done");
  return result;
}

(window as unknown as { __bench: (p: Params) => Promise<Result> }).__bench = (p) =>
  run(p).catch((e: Error) => {
    say(`failed: ${e.message}`);
    throw e;
  });
say("ready");
