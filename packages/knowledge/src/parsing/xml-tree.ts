import { XMLParser } from "fast-xml-parser";

/**
 * An element of fast-xml-parser's ordered output: `{ "a:t": children, ":@": attributes }`, or a
 * text node `{ "#text": "..." }`. Tags are matched by local name ("a:t" is "t"); attributes keep
 * their prefix, since OOXML has both `id` and `r:id` on one element.
 */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Spaces inside runs are part of the text ("<a:t>Hello </a:t><a:t>world</a:t>").
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 256,
});

export function parseXml(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[];
}

function keyOf(node: XmlNode): string | null {
  for (const key of Object.keys(node)) if (key !== ":@" && key !== "#text") return key;
  return null;
}

/** The local name of an element ("t" for "a:t"), or null for a text node. */
export function tagOf(node: XmlNode): string | null {
  const key = keyOf(node);
  return key === null ? null : key.slice(key.indexOf(":") + 1);
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const key = keyOf(node);
  const children = key === null ? undefined : node[key];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

export function attributeOf(node: XmlNode, name: string): string | undefined {
  const attributes = node[":@"] as Record<string, unknown> | undefined;
  const value = attributes?.[name];
  return value === undefined ? undefined : String(value);
}

/** The first child with this tag. */
export function childOf(node: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(node).find((c) => tagOf(c) === tag);
}

/** The element at the end of a path of child tags. */
export function pathOf(nodes: XmlNode[], ...tags: string[]): XmlNode | undefined {
  let current = nodes.find((n) => tagOf(n) === tags[0]);
  for (const tag of tags.slice(1)) current = current && childOf(current, tag);
  return current;
}

/** All descendants (and the nodes themselves) with this tag, in document order. */
export function descendantsOf(nodes: XmlNode[], tag: string): XmlNode[] {
  const found: XmlNode[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (tagOf(node) === tag) found.push(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

/** Concatenated text of a node and its descendants. */
export function textOf(node: XmlNode): string {
  const text = node["#text"];
  if (text !== undefined) return String(text);
  return childrenOf(node).map(textOf).join("");
}

/** The `dc:title` of an Office document's docProps/core.xml, or null. */
export function coreTitle(coreXml: string | null): string | null {
  if (!coreXml) return null;
  const title = descendantsOf(parseXml(coreXml), "title")[0];
  const text = title ? textOf(title).replace(/\s+/g, " ").trim() : "";
  return text === "" ? null : text;
}
