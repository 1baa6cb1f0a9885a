import { describe, expect, it } from "vitest";
import { parseDocument } from "./parse-document";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("parseDocument (csv)", () => {
  it("keeps quoted commas, quotes and accents, with the header on every line", async () => {
    const csv = 'Nom,Ville,Commentaire\r\n"Dupont, Jean",Besançon,"élève ""modèle"""\r\nÉmilie Noël,Orléans,\r\n\r\n';
    const parsed = await parseDocument({ bytes: utf8(csv), fileName: "eleves.csv" });
    expect(parsed).toEqual({
      format: "csv",
      title: null,
      pageCount: null,
      blocks: [
        {
          kind: "table",
          text: 'Nom: Dupont, Jean | Ville: Besançon | Commentaire: élève "modèle"\nNom: Émilie Noël | Ville: Orléans',
        },
      ],
    });
  });

  it("reads semicolon-separated windows-1252 files from French Excel", async () => {
    const csv = "Produit;Prix\r\nCrème brûlée;4,50\r\n";
    const bytes = Uint8Array.from(Buffer.from(csv, "latin1"));
    const parsed = await parseDocument({ bytes, fileName: "carte.csv" });
    expect(parsed.blocks[0]!.text).toBe("Produit: Crème brûlée | Prix: 4,50");
  });

  it("renders rows without a header as pipe-separated values", async () => {
    const parsed = await parseDocument({ bytes: utf8("2023,100\n2024,120\n"), fileName: "series.csv" });
    expect(parsed.blocks[0]!.text).toBe("2023 | 100\n2024 | 120");
  });
});
