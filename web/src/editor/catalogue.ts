// What the editor offers and explains, from the core: `describe` (actions, condition operators
// and keys, permissions, canned ACLs, methods) and `vocabulary` (keys or element names, principals,
// permission and group notes). Asked once per provider/document(/format) and cached.

import { core } from "../boot";

export interface Entry {
  name: string;
  detail?: string;
}

/** everything completion and hover may use for one provider × document × format. */
export interface Vocab {
  provider: string;
  document: string;
  format: string;
  keys: Entry[];
  actions: Entry[];
  actionPrefix: string;
  operators: Entry[];
  conditionKeys: Entry[];
  effects: Entry[];
  versions: Entry[];
  principals: Entry[];
  methods: Entry[];
  permissions: Entry[];
  cannedACLs: Entry[];
  groups: Entry[];
  granteeTypes: Entry[];
}

interface Catalogue {
  provider: string;
  name: string;
  cors?: { methods: string[] };
  policy?: {
    versions?: string[];
    effects: string[];
    actionPrefix: string;
    actions: Entry[];
    conditionOperators: Entry[];
    conditionKeys: Entry[];
  };
  acl?: { permissions: string[]; cannedACLs?: string[]; granteeTypes: string[]; groups?: string[] };
}

interface Vocabulary {
  keys: Entry[];
  principals?: Entry[];
  permissions?: Entry[];
  groups?: Entry[];
}

const cache = new Map<string, Promise<Vocab | null>>();
const catalogues = new Map<string, Promise<Catalogue | null>>();

/** describe's catalogue, once per provider and document (a failure is asked again next time). */
function describe(provider: string, document: string): Promise<Catalogue | null> {
  const key = `${provider}/${document}`;
  let c = catalogues.get(key);
  if (!c) {
    c = core.call<{ providers: Catalogue[] }>("describe", { provider, document }).then((r) => (r.ok ? r.value.providers[0] ?? null : null));
    catalogues.set(key, c);
    c.then((r) => r || catalogues.delete(key));
  }
  return c;
}

const names = (list: string[] | undefined, detail?: string): Entry[] => (list ?? []).map((name) => ({ name, detail }));

/** the vocabulary of one provider × document × format; null when the core cannot say. */
export function vocab(provider: string, document: string, format: string): Promise<Vocab | null> {
  const key = `${provider}/${document}/${format}`;
  let v = cache.get(key);
  if (!v) {
    v = load(provider, document, format);
    cache.set(key, v);
    // A failure (the core not ready yet) is not cached: the next request asks again.
    v.then((r) => r || cache.delete(key));
  }
  return v;
}

async function load(provider: string, document: string, format: string): Promise<Vocab | null> {
  const [c, w] = await Promise.all([describe(provider, document), core.call<Vocabulary>("vocabulary", { provider, document, format })]);
  if (!c || !w.ok) return null;
  const p = c?.policy;
  const a = c?.acl;
  const perms = new Map((w.value.permissions ?? []).map((e) => [e.name, e.detail]));
  const groups = new Map((w.value.groups ?? []).map((e) => [e.name, e.detail]));
  return {
    provider,
    document,
    format,
    keys: w.value.keys ?? [],
    actions: p?.actions ?? [],
    actionPrefix: p?.actionPrefix ?? "",
    operators: p?.conditionOperators ?? [],
    conditionKeys: p?.conditionKeys ?? [],
    effects: names(p?.effects),
    versions: names(p?.versions),
    principals: w.value.principals ?? [],
    methods: names(c?.cors?.methods),
    permissions: (a?.permissions ?? []).map((name) => ({ name, detail: perms.get(name) })),
    cannedACLs: names(a?.cannedACLs),
    groups: (a?.groups ?? []).map((name) => ({ name, detail: groups.get(name) })),
    granteeTypes: names(a?.granteeTypes),
  };
}
