// The playground's seam: what panels and features (simulators, share links, templates, the
// editor's completion) need of the page, without importing main.ts. main.ts provides it once the
// editor exists; everything else reads and drives the page through it.

import type { DocKind, Format, Provider } from "./samples";

/** the page's state that may be shared: everything but the secret key. */
export interface PageState {
  provider: Provider;
  document: DocKind;
  /** the picked format; "" means the provider's native one. */
  format: Format | "";
  source: string;
  bucket: string;
  region: string;
  endpoint: string;
  pathStyle: boolean;
  time: string;
  accessKeyId: string;
}

export interface Playground {
  /** the current state (never the secret key). */
  state(): PageState;
  /** the format in effect: the picked one or the native one. */
  format(): Format;
  /** applies part of a state; switching provider/document/format first, then the source. */
  apply(s: Partial<PageState>): void;
  /** replaces the editor's text (one undoable change). */
  setSource(text: string): void;
  /** selects a range of the editor (UTF-16 offsets) and scrolls it into view. */
  select(from: number, to: number): void;
  /** the credentials for a request that must be signed; stays in memory. */
  credentials(): { accessKeyId: string; secretAccessKey: string };
  /** calls fn after any change of the document or the settings (debounce on your side). */
  onChange(fn: () => void): void;
}

let provided: Playground | null = null;
const waiting: ((p: Playground) => void)[] = [];

/** called once by main.ts. */
export function provide(p: Playground) {
  provided = p;
  for (const fn of waiting.splice(0)) fn(p);
}

/** runs fn with the playground as soon as main.ts has provided it. */
export function withPlayground(fn: (p: Playground) => void) {
  if (provided) fn(provided);
  else waiting.push(fn);
}
