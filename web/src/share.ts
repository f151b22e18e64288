// Share links: the page's state (never the secret key) in the URL fragment, so no server sees
// it. Format: #v1=<lz-string compressToEncodedURIComponent(JSON)>[&panel=<name>]. The version
// prefix lets a later format keep opening old links: decode() dispatches on it.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import type { PageState } from "./context";

export const VERSION = "v1";

/** the keys a v1 link may carry; anything else in a link is ignored. */
const KEYS: (keyof PageState)[] = [
  "provider", "document", "format", "source", "bucket", "region", "endpoint", "pathStyle", "time", "accessKeyId",
];

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
  state: Partial<PageState>;
  panel?: string;
}

/** reads a fragment (with or without '#'); null when it is not a share link. */
export function decode(fragment: string): Decoded | null {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const panel = params.get("panel") ?? undefined;
  const v1 = params.get(VERSION);
  if (v1 === null) return panel ? { state: {}, panel } : null;
  // URLSearchParams turns '+' into ' '; lz-string's URI alphabet uses '+'.
  const json = decompressFromEncodedURIComponent(v1.replace(/ /g, "+"));
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const state: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = (raw as Record<string, unknown>)[k];
    if (k === "pathStyle" ? typeof v === "boolean" : typeof v === "string") state[k] = v;
  }
  return { state: state as Partial<PageState>, panel };
}
