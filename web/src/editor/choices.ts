// What belongs at a place in a document: the catalogue entries completion offers and hover
// explains there. The entries come from the core (catalogue.ts); this only picks the list.

import type { Entry, Vocab } from "./catalogue";
import type { StringKey } from "./strings";
import type { HeaderPlace, JsonPlace, XmlPlace } from "./where";

export interface Choice {
  entries: Entry[];
  /** what the entries are, for hover ("action", "permission", …). */
  kind: StringKey;
  /** CodeMirror's completion type (its icon). */
  type: string;
}

const lower = (s: string) => s.toLowerCase();
const isPrincipalKey = (k: string) => ["principal", "notprincipal", "user"].includes(lower(k));
const principalTypes = (v: Vocab) => v.keys.filter((k) => k.detail?.startsWith("principal type"));
const isPrincipalType = (v: Vocab, k: string) => principalTypes(v).some((t) => t.name === k);

export function jsonChoice(pl: JsonPlace, v: Vocab): Choice | null {
  const path = pl.path;
  const owner = lower(path[path.length - 1] ?? "");
  const grand = lower(path[path.length - 2] ?? "");
  if (pl.role === "key") {
    if (owner === "condition") return { entries: v.operators, kind: "hoverOperator", type: "keyword" };
    if (grand === "condition") return { entries: v.conditionKeys, kind: "hoverConditionKey", type: "variable" };
    if (isPrincipalKey(owner)) return { entries: principalTypes(v), kind: "hoverKey", type: "type" };
    return { entries: v.keys, kind: "hoverKey", type: "property" };
  }
  const key = lower(pl.key);
  switch (key) {
    case "action":
    case "notaction":
      return { entries: v.actions, kind: "hoverAction", type: "method" };
    case "effect":
      return { entries: v.effects, kind: "hoverEffect", type: "enum" };
    case "version":
      return { entries: v.versions, kind: "hoverKey", type: "enum" };
    case "allowedmethods":
    case "allowed_methods":
      return { entries: v.methods, kind: "hoverMethod", type: "enum" };
    case "permission":
      return { entries: v.permissions, kind: "hoverPermission", type: "enum" };
    case "type":
      return v.granteeTypes.length ? { entries: v.granteeTypes, kind: "hoverKey", type: "type" } : null;
    case "name":
      return v.groups.length ? { entries: v.groups, kind: "hoverGroup", type: "enum" } : null;
  }
  if (isPrincipalKey(key) || isPrincipalType(v, pl.key)) return { entries: v.principals, kind: "hoverPrincipal", type: "constant" };
  return null;
}

export function xmlChoice(pl: XmlPlace, v: Vocab): Choice | null {
  if (pl.role === "tag") {
    if (pl.closing) return { entries: [{ name: pl.element }], kind: "hoverElement", type: "type" };
    // Children of the open element first: the vocabulary notes each name's parent.
    const here = v.keys.filter((k) => k.detail === `in <${pl.element}>`);
    const entries = pl.element === "" ? v.keys.filter((k) => k.detail === "the document") : here;
    return { entries: entries.length ? entries : v.keys, kind: "hoverElement", type: "type" };
  }
  switch (pl.element) {
    case "AllowedMethod":
      return { entries: v.methods, kind: "hoverMethod", type: "enum" };
    case "Permission":
      return { entries: v.permissions, kind: "hoverPermission", type: "enum" };
    case "URI":
      return { entries: v.groups, kind: "hoverGroup", type: "enum" };
  }
  return null;
}

export function headerChoice(pl: HeaderPlace, v: Vocab): Choice | null {
  if (pl.role === "name") return { entries: v.keys, kind: "hoverHeader", type: "property" };
  const header = v.keys.find((k) => lower(k.name) === pl.name);
  if (header?.detail?.startsWith("canned ACL")) return { entries: v.cannedACLs, kind: "hoverCanned", type: "enum" };
  return null;
}

/** every list, for hover over a word its place does not explain. */
export function allChoices(v: Vocab): Choice[] {
  return [
    { entries: v.actions, kind: "hoverAction", type: "method" },
    { entries: v.operators, kind: "hoverOperator", type: "keyword" },
    { entries: v.conditionKeys, kind: "hoverConditionKey", type: "variable" },
    { entries: v.permissions, kind: "hoverPermission", type: "enum" },
    { entries: v.cannedACLs, kind: "hoverCanned", type: "enum" },
    { entries: v.groups, kind: "hoverGroup", type: "enum" },
    { entries: v.principals, kind: "hoverPrincipal", type: "constant" },
    { entries: v.methods, kind: "hoverMethod", type: "enum" },
    { entries: v.keys, kind: v.format === "xml" ? "hoverElement" : v.format === "headers" ? "hoverHeader" : "hoverKey", type: "property" },
  ];
}

/** the entry named name: exactly, or ignoring case (actions and condition keys are case-insensitive). */
export function find(entries: Entry[], name: string): Entry | undefined {
  return entries.find((e) => e.name === name) ?? entries.find((e) => lower(e.name) === lower(name));
}
