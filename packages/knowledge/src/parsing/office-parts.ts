import { posix } from "node:path";
import type JSZip from "jszip";
import { attributeOf, descendantsOf, parseXml } from "./xml-tree";

export interface Relationship {
  id: string;
  type: string;
  /** Path of the target part inside the zip ("ppt/slides/slide1.xml"); null for external links. */
  path: string | null;
}

/** The path of a part's relationships: "ppt/slides/slide1.xml" has "ppt/slides/_rels/slide1.xml.rels". */
function relationshipsPath(partPath: string): string {
  const dir = posix.dirname(partPath);
  return `${dir === "." ? "" : `${dir}/`}_rels/${posix.basename(partPath)}.rels`;
}

/** Resolves a relationship target against the part it belongs to ("" for the package). */
export function resolvePart(partPath: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const dir = partPath === "" ? "" : posix.dirname(partPath);
  return posix.normalize(posix.join(dir, target)).replace(/^\.\//, "");
}

export async function readPart(zip: JSZip, path: string): Promise<string | null> {
  return (await zip.file(path)?.async("string")) ?? null;
}

/** The relationships of a part ("" for the package's own _rels/.rels). */
export async function relationshipsOf(zip: JSZip, partPath: string): Promise<Relationship[]> {
  const xml = await readPart(zip, partPath === "" ? "_rels/.rels" : relationshipsPath(partPath));
  if (xml === null) return [];
  return descendantsOf(parseXml(xml), "Relationship").map((r) => {
    const target = attributeOf(r, "Target") ?? "";
    return {
      id: attributeOf(r, "Id") ?? "",
      type: attributeOf(r, "Type") ?? "",
      path: attributeOf(r, "TargetMode") === "External" || target === "" ? null : resolvePart(partPath, target),
    };
  });
}

/** Relationship types end with a stable name: ".../officeDocument", ".../slide", ".../notesSlide". */
export function isType(relationship: Relationship, name: string): boolean {
  return relationship.type.endsWith(`/${name}`);
}
