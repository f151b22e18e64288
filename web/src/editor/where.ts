// Where in a document a position is, for completion and hover: which key or element the text
// there belongs to. A small forgiving scanner over the text, not a parser: it must work on the
// half-written documents people type (an unclosed string, a missing value, a comment), and the
// core judges the document anyway.

/** a position in a JSON document. */
export interface JsonPlace {
  /** "key": the name of a member is written here; "value": a value is. */
  role: "key" | "value";
  /** the keys owning each enclosing object, outermost first ("" for the root). */
  path: string[];
  /** for a value: the key it is the value of, or an element of ("" at the root). */
  key: string;
  /** the token at the position, without its quotes: [from, to) and its text. */
  from: number;
  to: number;
  text: string;
  quoted: boolean;
}

interface Frame {
  kind: "obj" | "arr";
  owner: string; // the key whose value this container is
  expect: "key" | "colon" | "value" | "comma";
  key: string; // obj: the last key read
}

const QUOTE = '"';

/**
 * the place at pos. With `inside` (hover) the token may start at pos; otherwise (completion) pos
 * must be after its first character. Null where nothing is expected (after a value, in a number).
 */
export function jsonPlace(doc: string, pos: number, inside = false): JsonPlace | null {
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  const owner = () => {
    const t = top();
    return !t ? "" : t.kind === "obj" ? t.key : t.owner;
  };
  const role = (): "key" | "value" | null => {
    const t = top();
    if (!t) return "value";
    if (t.kind === "obj") return t.expect === "key" ? "key" : t.expect === "value" ? "value" : null;
    return t.expect === "value" ? "value" : null;
  };
  const place = (r: "key" | "value", from: number, to: number, quoted: boolean): JsonPlace => ({
    role: r,
    path: stack.filter((f) => f.kind === "obj").map((f) => f.owner),
    key: r === "value" ? owner() : "",
    from,
    to,
    text: doc.slice(from, to),
    quoted,
  });
  const consumed = () => {
    const t = top();
    if (t) t.expect = "comma";
  };
  const reaches = (start: number, end: number) => (inside ? start <= pos : start < pos) && pos <= end;

  let i = 0;
  while (i < doc.length && (inside ? i <= pos : i < pos)) {
    const c = doc[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (doc.startsWith("//", i)) {
      const nl = doc.indexOf("\n", i);
      if (nl < 0 || nl >= pos) return null; // in a comment
      i = nl + 1;
      continue;
    }
    if (doc.startsWith("/*", i)) {
      const end = doc.indexOf("*/", i + 2);
      if (end < 0 || end + 2 > pos) return null;
      i = end + 2;
      continue;
    }
    if (c === QUOTE) {
      // The string runs to its closing quote, or (half-written) to the end of the line.
      let j = i + 1;
      while (j < doc.length && doc[j] !== QUOTE && doc[j] !== "\n") j += doc[j] === "\\" ? 2 : 1;
      const closed = doc[j] === QUOTE;
      if ((inside ? pos >= i : pos > i) && pos <= j) {
        const r = role();
        return r ? place(r, i + 1, Math.min(j, doc.length), true) : null;
      }
      if (!closed) return null;
      const t = top();
      if (t?.kind === "obj" && t.expect === "key") {
        t.key = unescape(doc.slice(i + 1, j));
        t.expect = "colon";
      } else consumed();
      i = j + 1;
      continue;
    }
    switch (c) {
      case "{":
      case "[": {
        const o = owner();
        consumed();
        stack.push({ kind: c === "{" ? "obj" : "arr", owner: o, expect: c === "{" ? "key" : "value", key: "" });
        i++;
        continue;
      }
      case "}":
      case "]":
        stack.pop();
        i++;
        continue;
      case ":":
        if (top()?.kind === "obj") top().expect = "value";
        i++;
        continue;
      case ",": {
        const t = top();
        if (t) t.expect = t.kind === "obj" ? "key" : "value";
        i++;
        continue;
      }
    }
    // A bare word: a number, true/false/null, or a key or value being typed without quotes.
    let j = i;
    while (j < doc.length && !/[\s,:{}[\]"]/.test(doc[j])) j++;
    if (reaches(i, j)) {
      const r = role();
      return r ? place(r, i, j, false) : null;
    }
    const t = top();
    if (t?.kind === "obj" && t.expect === "key") {
      t.key = doc.slice(i, j);
      t.expect = "colon";
    } else consumed();
    i = j;
  }
  if (inside) return null;
  const r = role();
  return r ? place(r, pos, pos, false) : null;
}

function unescape(s: string): string {
  if (!s.includes("\\")) return s;
  try {
    return JSON.parse(QUOTE + s + QUOTE);
  } catch {
    return s;
  }
}

/** a position in an XML document. */
export interface XmlPlace {
  /** "tag": an element name is written here; "text": an element's text. */
  role: "tag" | "text";
  /** the element the text belongs to, or whose child the tag opens (local names). */
  element: string;
  /** the element enclosing `element`. */
  parent: string;
  closing: boolean;
  from: number;
  to: number;
  text: string;
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);

export function xmlPlace(doc: string, pos: number, inside = false): XmlPlace | null {
  const before = doc.slice(0, pos);
  const stack: string[] = [];
  const tag = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>]+)[^>]*?(\/?)>/g;
  let last = 0;
  for (let m: RegExpExecArray | null; (m = tag.exec(before)); ) {
    last = tag.lastIndex;
    if (!m[2]) continue;
    if (m[1]) {
      const at = stack.lastIndexOf(local(m[2]));
      if (at >= 0) stack.length = at;
    } else if (!m[3]) stack.push(local(m[2]));
  }
  const lt = before.lastIndexOf("<");
  if (lt >= last) {
    // Inside a tag: only its name is ours.
    const closing = doc[lt + 1] === "/";
    const from = lt + 1 + (closing ? 1 : 0);
    let to = from;
    while (to < doc.length && /[\w.:-]/.test(doc[to])) to++;
    if (pos < from || pos > to) return null;
    return { role: "tag", element: stack[stack.length - 1] ?? "", parent: stack[stack.length - 2] ?? "", closing, from, to, text: doc.slice(from, to) };
  }
  if (!stack.length) return null;
  // Text: from after the last tag to the next one, without the white space around it.
  let from = last;
  let to = doc.indexOf("<", pos);
  if (to < 0) to = doc.length;
  while (from < pos && /\s/.test(doc[from])) from++;
  while (to > pos && /\s/.test(doc[to - 1])) to--;
  if (inside && from >= to) return null;
  return { role: "text", element: stack[stack.length - 1], parent: stack[stack.length - 2] ?? "", closing: false, from, to, text: doc.slice(from, to) };
}

/** a position in header lines ("name: value"). */
export interface HeaderPlace {
  role: "name" | "value";
  name: string;
  from: number;
  to: number;
  text: string;
}

export function headerPlace(doc: string, pos: number): HeaderPlace | null {
  const start = doc.lastIndexOf("\n", pos - 1) + 1;
  let end = doc.indexOf("\n", pos);
  if (end < 0) end = doc.length;
  const line = doc.slice(start, end);
  const colon = line.indexOf(":");
  if (colon < 0 || pos <= start + colon) {
    const nameEnd = colon < 0 ? end : start + colon;
    let from = start;
    while (from < nameEnd && /\s/.test(doc[from])) from++;
    return { role: "name", name: "", from, to: nameEnd, text: doc.slice(from, nameEnd).trimEnd() };
  }
  let from = start + colon + 1;
  while (from < end && /\s/.test(doc[from])) from++;
  return { role: "value", name: line.slice(0, colon).trim().toLowerCase(), from, to: end, text: doc.slice(from, end).trimEnd() };
}
