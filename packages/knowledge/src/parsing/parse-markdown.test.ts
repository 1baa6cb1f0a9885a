import { describe, expect, it } from "vitest";
import { chunkDocument } from "../chunking/chunk-document";
import { parseDocument } from "./parse-document";

const markdown = `---
title: "Guide d'accueil"
author: RH
---

# Bienvenue

Votre **premier jour** commence à 9 h ([plan d'accès](https://example.com/plan)) &amp; un café.

## Matériel

### Informatique

| Élément | Délai |
|---------|------:|
| Portable | J-1 |
| Badge \\| accès | J0 |

- Compte e-mail
  - activé par la DSI
- [x] Badge

1. Signer le contrat
2. Lire la charte

\`\`\`bash
./install.sh --fr
\`\`\`

> Pensez à sauvegarder.

<p>Contact : <em>rh@example.com</em></p>
`;

describe("parseDocument (markdown)", () => {
  it("keeps nested headings, tables, lists, code and quotes as plain text", async () => {
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(markdown), fileName: "accueil.md" });
    expect(parsed.title).toBe("Guide d'accueil");
    expect(parsed.blocks).toEqual([
      { kind: "heading", text: "Bienvenue", level: 1 },
      { kind: "paragraph", text: "Votre premier jour commence à 9 h (plan d'accès) & un café." },
      { kind: "heading", text: "Matériel", level: 2 },
      { kind: "heading", text: "Informatique", level: 3 },
      { kind: "table", text: "Élément: Portable | Délai: J-1\nÉlément: Badge | accès | Délai: J0" },
      { kind: "list", text: "- Compte e-mail\n  - activé par la DSI\n- [x] Badge" },
      { kind: "list", text: "1. Signer le contrat\n2. Lire la charte" },
      { kind: "paragraph", text: "./install.sh --fr" },
      { kind: "paragraph", text: "Pensez à sauvegarder." },
      { kind: "paragraph", text: "Contact : rh@example.com" },
    ]);
    const table = chunkDocument("d", parsed.blocks).find((c) => c.text.includes("Portable"))!;
    expect(table.headingPath).toEqual(["Bienvenue", "Matériel", "Informatique"]);
  });

  it("takes the first h1 as title without front matter", async () => {
    const parsed = await parseDocument({ bytes: new TextEncoder().encode("Intro\n\n# Titre\n\nTexte"), fileName: "a.markdown" });
    expect(parsed.title).toBe("Titre");
  });
});
