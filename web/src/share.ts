// Share links: the page's state (never the secret key) in the URL fragment, so no server sees
// it. Format: #v1=<lz-string compressToEncodedURIComponent(JSON)>[&panel=<name>]. The version
// prefix lets a later format keep opening old links: decode() dispatches on it, and a v1 link
// must open forever (e2e/testdata/share-v1-link.txt is one made by the first release).

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import type { PageState } from "./context";
import { formats, type DocKind, type Format, type Provider } from "./samples";

export const VERSION = "v1";

/** the panels a link may open with &panel=; each is the element with data-testid="<name>-panel". */
export const PANELS = ["preflight", "evaluate", "convert", "diff", "wire", "request"] as const;
export type Panel = (typeof PANELS)[number];

/** the keys a v1 link may carry; anything else in a link is ignored. */
const KEYS: (keyof PageState)[] = [
  "provider", "document", "format", "source", "bucket", "region", "endpoint", "pathStyle", "time", "accessKeyId",
];

const PROVIDERS: Provider[] = ["cos", "qingstor", "s3"];
const DOCUMENTS: DocKind[] = ["cors", "policy", "acl"];

/** the fragment (without '#') for a state and an optional panel to open. */
export function encode(state: PageState, panel?: string): string {
  const clean: Record<string, unknown> = {};
  for (const k of KEYS) clean[k] = state[k];
  // Defence in depth: a secret can't be in PageState, and must never reach a link.
  delete clean["secretAccessKey"];
  let s = `${VERSION}=${compressToEncodedURIComponent(JSON.stringify(clean))}`;
  if (panel) s += `&panel=${encodeURIComponent(panel)}`;
  return s;
}

export interface Decoded {
  /** the readable part of the link's state; empty when the link carries none or it is unreadable. */
  state: Partial<PageState>;
  panel?: string;
  /** what could not be used, for a status message; the rest of the link still applies. */
  problems?: string[];
}

/**
 * reads a fragment (with or without '#'); null when it is not a share link (no v<n>= and no
 * panel=, e.g. a plain #anchor). It never throws: a corrupt or unknown link comes back with
 * problems and whatever could be read.
 */
export function decode(fragment: string): Decoded | null {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(fragment.replace(/^#/, ""));
  } catch {
    return null;
  }
  const versions = [...params.keys()].filter((k) => /^v\d+$/.test(k));
  const panel = params.get("panel") ?? undefined;
  if (versions.length === 0 && panel === undefined) return null;

  const problems: string[] = [];
  const out: Decoded = { state: {}, panel, problems };
  if (panel !== undefined && !(PANELS as readonly string[]).includes(panel)) {
    problems.push(`the link names no known panel ("${panel}"; known: ${PANELS.join(", ")})`);
    out.panel = undefined;
  }
  const v1 = params.get(VERSION);
  if (v1 === null) {
    if (versions.length > 0) {
      problems.push(`the link was made by a newer bucketlab (${versions[0]}) than this page; open it there`);
    }
    return out;
  }
  const state = readV1(v1);
  if (state === null) {
    problems.push("the link's settings are damaged (cut short when it was copied?); showing the defaults");
    return out;
  }
  out.state = validate(state, problems);
  return out;
}

/** the raw object of a v1 payload, or null if it does not decompress to a JSON object. */
function readV1(payload: string): Record<string, unknown> | null {
  let json: string | null;
  try {
    // URLSearchParams turns '+' into ' '; lz-string's URI alphabet uses '+'.
    json = decompressFromEncodedURIComponent(payload.replace(/ /g, "+"));
  } catch {
    return null;
  }
  if (!json) return null;
  try {
    const raw: unknown = JSON.parse(json);
    return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** keeps the fields of the right type and, for the selects, a known value. */
function validate(raw: Record<string, unknown>, problems: string[]): Partial<PageState> {
  const state: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = raw[k];
    if (v === undefined) continue;
    if (k === "pathStyle" ? typeof v === "boolean" : typeof v === "string") state[k] = v;
    else problems.push(`ignored the link's ${k}: not a ${k === "pathStyle" ? "boolean" : "string"}`);
  }
  const s = state as Partial<PageState>;
  if (s.provider !== undefined && !PROVIDERS.includes(s.provider)) {
    problems.push(`ignored the link's provider "${s.provider}" (known: ${PROVIDERS.join(", ")})`);
    delete s.provider;
  }
  if (s.document !== undefined && !DOCUMENTS.includes(s.document)) {
    problems.push(`ignored the link's document "${s.document}" (known: ${DOCUMENTS.join(", ")})`);
    delete s.document;
  }
  if (s.format !== undefined && s.format !== "") {
    const ok = s.provider && s.document && formats(s.provider, s.document).includes(s.format as Format);
    if (!ok) {
      problems.push(`ignored the link's format "${s.format}": not one the provider takes for the document`);
      delete s.format;
    }
  }
  return s;
}
