import { describe, expect, it } from "vitest";
import { parseDocument } from "./parse-document";

const page = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Politique de télétravail – Intranet</title>
  <style>body { font-family: sans-serif }</style>
  <script>window.analytics = { track() {} };</script>
</head>
<body>
  <header><a href="/">Accueil</a> <a href="/rh">RH</a></header>
  <nav><ul><li>Menu 1</li><li>Menu 2</li></ul></nav>
  <main>
    <article>
      <header><h1>Politique de télétravail</h1><p>Mise à jour : mars 2025</p></header>
      <p>Le télétravail est possible <strong>deux jours</strong> par semaine,<br>après accord du manager.</p>
      <h2>Équipement</h2>
      <ul><li>Ordinateur portable</li><li>Écran &amp; clavier<ul><li>sur demande</li></ul></li></ul>
      <table>
        <thead><tr><th>Jour</th><th>Lieu</th></tr></thead>
        <tbody><tr><td>Lundi</td><td>Bureau</td></tr><tr><td>Mardi</td><td>Domicile</td></tr></tbody>
      </table>
      <pre>ssh vpn.example
  --split</pre>
      <div hidden>Brouillon caché</div>
    </article>
    <aside>Articles similaires</aside>
  </main>
  <noscript>Activez JavaScript</noscript>
  <footer>© 2025 Exemple SA – Mentions légales</footer>
  <script src="/app.js"></script>
</body>
</html>`;

describe("parseDocument (html)", () => {
  it("keeps the spacing of inline markup inside list items", async () => {
    const html = "<html><body><h1>Steps</h1><ol><li>Open <b>Knowledge</b>, click <em>New source</em>.</li><li>Choose <a href='#'>Server folder</a></li></ol></body></html>";
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(html), fileName: "steps.html" });
    const list = parsed.blocks.find((b) => b.kind === "list")!;
    expect(list.text).toBe("1. Open Knowledge, click New source.\n2. Choose Server folder");
  });

  it("keeps the content and drops scripts, styles, menus, sidebars and the site's header and footer", async () => {
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(page), fileName: "teletravail.html" });
    expect(parsed.format).toBe("html");
    expect(parsed.title).toBe("Politique de télétravail – Intranet");
    expect(parsed.blocks).toEqual([
      { kind: "heading", text: "Politique de télétravail", level: 1 },
      { kind: "paragraph", text: "Mise à jour : mars 2025" },
      { kind: "paragraph", text: "Le télétravail est possible deux jours par semaine, après accord du manager." },
      { kind: "heading", text: "Équipement", level: 2 },
      { kind: "list", text: "- Ordinateur portable\n- Écran & clavier\n  - sur demande" },
      { kind: "table", text: "Jour: Lundi | Lieu: Bureau\nJour: Mardi | Lieu: Domicile" },
      { kind: "paragraph", text: "ssh vpn.example\n  --split" },
    ]);
    const all = parsed.blocks.map((b) => b.text).join("\n");
    for (const noise of ["analytics", "font-family", "Accueil", "Menu 1", "similaires", "JavaScript", "Mentions", "caché"]) {
      expect(all).not.toContain(noise);
    }
  });

  it("detects a web page by its media type when the URL has no extension, and takes the first h1 as title", async () => {
    const html = "<h1>Horaires</h1><p>Ouvert de 9 h à 18 h.</p>";
    const bytes = Uint8Array.from(Buffer.from(html.replace("à", "\u00e0"), "latin1"));
    const parsed = await parseDocument({
      bytes,
      fileName: "https://intranet.example/horaires",
      mimeType: "text/html; charset=ISO-8859-1",
    });
    expect(parsed.title).toBe("Horaires");
    expect(parsed.blocks[1]!.text).toBe("Ouvert de 9 h à 18 h.");
  });
});
