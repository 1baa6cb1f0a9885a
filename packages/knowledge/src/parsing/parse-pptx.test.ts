import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ParseError } from "./parse-error";
import { parseDocument } from "./parse-document";

const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const rels = (items: [id: string, type: string, target: string][]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join("")}</Relationships>`;

const run = (text: string) => `<a:r><a:rPr lang="fr-FR"/><a:t>${text}</a:t></a:r>`;
const shape = (placeholder: string | null, paragraphs: string[][]) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>${placeholder ? `<p:ph type="${placeholder}"/>` : ""}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${paragraphs
    .map((runs) => `<a:p>${runs.map(run).join("")}</a:p>`)
    .join("")}</p:txBody></p:sp>`;
const table = (rows: string[][]) =>
  `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="t"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1"/>${rows
    .map((r) => `<a:tr h="100">${r.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:p>${run(c)}</a:p></a:txBody></a:tc>`).join("")}</a:tr>`)
    .join("")}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
const slide = (shapes: string) => `<?xml version="1.0" encoding="UTF-8"?><p:sld ${NS}><p:cSld><p:spTree>${shapes}</p:spTree></p:cSld></p:sld>`;

/** A two-slide deck written part by part, as PowerPoint lays it out. */
async function deck(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file("_rels/.rels", rels([["rId1", "officeDocument", "ppt/presentation.xml"]]));
  zip.file(
    "ppt/presentation.xml",
    `<?xml version="1.0"?><p:presentation ${NS}><p:sldIdLst><p:sldId id="256" r:id="rId7"/><p:sldId id="257" r:id="rId8"/></p:sldIdLst></p:presentation>`,
  );
  zip.file(
    "ppt/_rels/presentation.xml.rels",
    rels([
      ["rId1", "slideMaster", "slideMasters/slideMaster1.xml"],
      ["rId7", "slide", "slides/slide1.xml"],
      ["rId8", "slide", "slides/slide2.xml"],
    ]),
  );
  zip.file(
    "ppt/slides/slide1.xml",
    slide(
      shape("title", [["Résultats ", "2024"]]) +
        shape("body", [["Chiffre d'affaires en hausse de 12 %"], ["Marge ", "stable"]]) +
        `<p:grpSp><p:nvGrpSpPr/><p:grpSpPr/>${shape(null, [["Source : comptabilité"]])}</p:grpSp>` +
        table([
          ["Région", "Ventes"],
          ["Nord", "1 200"],
          ["Sud", "950"],
        ]),
    ),
  );
  zip.file("ppt/slides/_rels/slide1.xml.rels", rels([["rId2", "notesSlide", "../notesSlides/notesSlide1.xml"]]));
  zip.file(
    "ppt/notesSlides/notesSlide1.xml",
    `<?xml version="1.0"?><p:notes ${NS}><p:cSld><p:spTree>${shape("sldImg", [])}${shape("body", [["Insister sur la marge."]])}${shape("sldNum", [["1"]])}</p:spTree></p:cSld></p:notes>`,
  );
  zip.file("ppt/slides/slide2.xml", slide(shape(null, [["Questions ?"]])));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

describe("parseDocument (pptx)", () => {
  it("gives each slide a level-1 heading and its page number, with text, tables and notes", async () => {
    const parsed = await parseDocument({ bytes: await deck(), fileName: "resultats.pptx" });
    expect(parsed.format).toBe("pptx");
    expect(parsed.pageCount).toBe(2);
    expect(parsed.title).toBe("Résultats 2024");
    expect(parsed.blocks).toEqual([
      { kind: "heading", text: "Résultats 2024", level: 1, page: 1 },
      { kind: "paragraph", text: "Chiffre d'affaires en hausse de 12 %\nMarge stable", page: 1 },
      { kind: "paragraph", text: "Source : comptabilité", page: 1 },
      { kind: "table", text: "Région: Nord | Ventes: 1 200\nRégion: Sud | Ventes: 950", page: 1 },
      { kind: "paragraph", text: "Speaker notes: Insister sur la marge.", page: 1 },
      { kind: "heading", text: "Slide 2", level: 1, page: 2 },
      { kind: "paragraph", text: "Questions ?", page: 2 },
    ]);
  });

  it("refuses a deck over maxPages slides", async () => {
    const error = await parseDocument({ bytes: await deck(), fileName: "d.pptx", limits: { maxPages: 1 } }).catch((e: unknown) => e);
    expect((error as ParseError).code).toBe("too_large");
    expect((error as ParseError).message).toBe(
      "This presentation has 2 slides, more than the 1 allowed; split it into smaller files.",
    );
  });

  it("wraps a malformed slide as corrupt, keeping the parser's error as cause", async () => {
    const zip = await JSZip.loadAsync(await deck());
    zip.file("ppt/presentation.xml", "<p:presentation><p:sldIdLst><unclosed");
    const bytes = await zip.generateAsync({ type: "uint8array" });
    const error = await parseDocument({ bytes, fileName: "broken.pptx" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).code).toBe("corrupt");
    expect((error as ParseError).message).toBe("This PowerPoint presentation could not be read; it may be damaged.");
    expect((error as ParseError).cause).toBeInstanceOf(Error);
  });
});
