// DOM helpers shared by the panels.

/** replaces parent's children with nodes. Unlike replaceChildren(...nodes), it does not pass
 * every node as an argument, which overflows the call stack past ~100,000 (a hostile document). */
export function fill(parent: Element, nodes: Iterable<Node>) {
  const f = document.createDocumentFragment();
  for (const n of nodes) f.append(n);
  parent.replaceChildren(f);
}
