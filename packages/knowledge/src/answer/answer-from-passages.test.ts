import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentBlock } from "../chunking/chunk-document";
import { LexicalIndex } from "../index/lexical-index";
import { answerFromPassages, NOT_FOUND_MESSAGES } from "./answer-from-passages";

const paragraph = (text: string, page?: number): DocumentBlock => ({ kind: "paragraph", text, page });
const heading = (text: string, level = 1): DocumentBlock => ({ kind: "heading", text, level });

let db: Database.Database;
let index: LexicalIndex;

beforeEach(() => {
  db = new Database(":memory:");
  index = new LexicalIndex(db);
  index.indexDocuments([
    {
      id: "handbook",
      sourceId: "hr",
      title: "Guide des salariés",
      blocks: [
        heading("Congés"),
        paragraph(
          "Les congés se posent dans l'outil RH. Chaque salarié bénéficie de cinq semaines de congés payés par an. " +
            "M. Dupont, du service RH, valide les demandes.",
          4,
        ),
        heading("Horaires d'été"),
        paragraph("Pendant la période estivale, les bureaux ferment à 16 heures le vendredi.", 7),
      ],
    },
    {
      id: "policy",
      sourceId: "it",
      title: "Security policy",
      blocks: [
        heading("Passwords"),
        paragraph("Employees use a password manager. Reused passwords are forbidden."),
        heading("Laptops"),
        paragraph("Laptop disks are encrypted. Lost laptops must be reported to the IT desk within one hour."),
      ],
    },
    {
      id: "guide",
      sourceId: "docs",
      title: "Atelier user guide",
      language: "en",
      blocks: [
        heading("Atelier user guide"),
        paragraph("Atelier answers questions from your documents."),
        heading("Connect a folder", 2),
        paragraph("To connect a folder:"),
        {
          kind: "list",
          text: "1. Open **Knowledge** in the sidebar.\n2. Click **Add source** and choose **Folder**.\n3. Pick the folder and click **Connect**.",
        },
        heading("Remove a folder", 2),
        { kind: "list", text: "1. Open **Knowledge**.\n2. Click the folder, then **Remove**." },
        heading("Troubleshooting", 2),
        paragraph("A folder that cannot be read is shown in red. Check its permissions."),
      ],
    },
  ]);
});

afterEach(() => db.close());

const ask = (question: string, maxSentences = 2) =>
  answerFromPassages(question, index.search(question, { limit: 5 }), { maxSentences });

describe("answerFromPassages", () => {
  it("answers a French question in French with the right sentence and its citation", () => {
    const answer = ask("Combien de semaines de congés payés par an ?", 1);
    expect(answer).toMatchObject({
      found: true,
      language: "fr",
      text: "Chaque salarié bénéficie de cinq semaines de congés payés par an. [1]",
    });
    const chunk = index.search("congés payés", { limit: 1 })[0]!;
    expect(answer.citations).toEqual([
      {
        ref: 1,
        chunkId: chunk.chunkId,
        documentId: "handbook",
        sourceId: "hr",
        title: "Guide des salariés",
        headingPath: ["Congés"],
        page: 4,
        excerpt: "Chaque salarié bénéficie de cinq semaines de congés payés par an.",
      },
    ]);
    expect(answer.sentences).toEqual([
      { text: "Chaque salarié bénéficie de cinq semaines de congés payés par an.", chunkId: chunk.chunkId, score: expect.any(Number) },
    ]);
  });

  it("answers an English question in English", () => {
    const answer = ask("When must a lost laptop be reported?", 1);
    expect(answer.found).toBe(true);
    expect(answer.language).toBe("en");
    expect(answer.text).toBe("Lost laptops must be reported to the IT desk within one hour. [1]");
    expect(answer.citations[0]).toMatchObject({ ref: 1, documentId: "policy", headingPath: ["Laptops"] });
  });

  it("prefers the sentence that holds what the question asks for", () => {
    expect(ask("Qui valide les demandes de congés ?", 1).text).toBe("M. Dupont, du service RH, valide les demandes. [1]");
  });

  it("says it did not find the answer, in the question's language, when nothing scores high enough", () => {
    // Retrieval finds passages (« vendredi », « policy »), but they do not hold the answer.
    expect(index.search("Quel est le menu des stagiaires le vendredi ?").length).toBeGreaterThan(0);
    expect(index.search("What is the parking policy for visitors at the Lyon office?").length).toBeGreaterThan(0);
    const french = ask("Quel est le menu des stagiaires le vendredi ?");
    expect(french).toEqual({ found: false, language: "fr", text: NOT_FOUND_MESSAGES.fr, citations: [], sentences: [] });
    const english = ask("What is the parking policy for visitors at the Lyon office?");
    expect(english).toEqual({ found: false, language: "en", text: NOT_FOUND_MESSAGES.en, citations: [], sentences: [] });
    // Without any passage at all.
    expect(answerFromPassages("Où est le parking ?", []).text).toBe(NOT_FOUND_MESSAGES.fr);
  });

  it("answers the reply language asked for, whatever the question's", () => {
    const question = "When must a lost laptop be reported?";
    const answer = answerFromPassages(question, index.search(question), { language: "fr", minScore: 2 });
    expect(answer.text).toBe(NOT_FOUND_MESSAGES.fr);
  });

  it("answers a procedural question with the steps under the matching heading", () => {
    const answer = ask("How do I connect a folder?");
    expect(answer.found).toBe(true);
    expect(answer.text).toBe(
      [
        "To connect a folder:",
        "1. Open **Knowledge** in the sidebar.",
        "2. Click **Add source** and choose **Folder**.",
        "3. Pick the folder and click **Connect**. [1]",
      ].join("\n"),
    );
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({ documentId: "guide", headingPath: ["Atelier user guide", "Connect a folder"] });
    expect(answer.sentences).toHaveLength(4);
    // A step list whose heading does not match the question is not an answer.
    expect(ask("How do I rename a folder?").text).not.toContain("1. Open");
    // The same words without "how do I" get sentences, not the step list.
    expect(ask("Is a folder that cannot be read shown in red?", 1).text).toBe(
      "A folder that cannot be read is shown in red. [1]",
    );
  });

  it("answers a French procedural question with the French steps", () => {
    index.indexDocument({
      id: "guide-fr",
      sourceId: "docs",
      title: "Guide d'Atelier",
      blocks: [
        heading("Connecter un dossier", 2),
        { kind: "list", text: "- Ouvrez **Connaissances**.\n- Cliquez sur **Ajouter une source**.\n- Choisissez le dossier." },
        heading("Supprimer un dossier", 2),
        { kind: "list", text: "- Ouvrez **Connaissances**.\n- Cliquez sur **Supprimer**." },
      ],
    });
    const answer = ask("Comment connecter un dossier ?");
    expect(answer.language).toBe("fr");
    expect(answer.text).toBe(
      "- Ouvrez **Connaissances**.\n- Cliquez sur **Ajouter une source**.\n- Choisissez le dossier. [1]",
    );
    expect(answer.citations[0]!.headingPath).toEqual(["Connecter un dossier"]);
  });

  it("never quotes the cut-off sentence tail that starts an overlapping chunk", () => {
    const sentences = [
      "Le comité se réunit chaque mois au siège.",
      "Les membres reçoivent l'ordre du jour une semaine avant la séance prévue.",
      "Le procès-verbal de chaque séance est publié sur l'intranet dans les quinze jours.",
      "Les absences répétées sont signalées au président du comité.",
    ];
    index.indexDocument(
      { id: "comite", sourceId: "hr", title: "Comité", blocks: sentences.map((t) => paragraph(t)) },
      { maxTokens: 30, overlapTokens: 8 },
    );
    const chunks = index.search("procès-verbal séance publié intranet", { limit: 10 });
    // The overlap put a lower-case tail at the start of some chunk.
    expect(chunks.some((c) => /^\p{Ll}/u.test(c.text))).toBe(true);
    for (const question of ["Dans combien de jours ?", "Combien de semaines avant la séance prévue ?"]) {
      const answer = ask(question);
      expect(answer.found).toBe(true);
      for (const s of answer.sentences) expect(sentences).toContain(s.text);
    }
  });

  it("does not repeat a sentence that two passages share", () => {
    index.indexDocument({
      id: "copy",
      sourceId: "hr",
      title: "Copie du guide",
      blocks: [paragraph("Chaque salarié bénéficie de cinq semaines de congés payés par an.")],
    });
    const answer = ask("Combien de semaines de congés payés par an ?");
    const texts = answer.sentences.map((s) => s.text);
    expect(texts.filter((t) => t === "Chaque salarié bénéficie de cinq semaines de congés payés par an.")).toHaveLength(1);
    expect(answer.text.match(/cinq semaines/g)).toHaveLength(1);
  });

  it("numbers citations in order of appearance, one per chunk", () => {
    index.indexDocuments([
      {
        id: "badges",
        sourceId: "facilities",
        title: "Badges",
        blocks: [paragraph("Les badges ouvrent le parking. Les badges ouvrent la cantine.")],
      },
      { id: "visitors", sourceId: "facilities", title: "Visiteurs", blocks: [paragraph("Les badges ouvrent le hall.")] },
    ]);
    // Two sentences of one chunk share one reference, in reading order.
    const badges = index.search("badges ouvrent parking cantine", { limit: 5 }).find((p) => p.documentId === "badges")!;
    const same = answerFromPassages("Que ouvrent les badges ?", [badges]);
    expect(same.text).toBe("Les badges ouvrent le parking. [1] Les badges ouvrent la cantine. [1]");
    expect(same.citations).toHaveLength(1);
    expect(same.citations[0]).toMatchObject({
      ref: 1,
      documentId: "badges",
      excerpt: "Les badges ouvrent le parking. Les badges ouvrent la cantine.",
    });
    // Sentences of two chunks get [1] then [2], in the order they are written; the two
    // sentences of the same chunk stay together and share [1].
    const passages = index.search("Que ouvrent les badges ?", { limit: 5 });
    expect(passages.map((p) => p.documentId)).toEqual(["badges", "visitors"]);
    const three = answerFromPassages("Que ouvrent les badges ?", passages, { maxSentences: 3 });
    expect(three.citations.map((c) => [c.ref, c.documentId])).toEqual([
      [1, "badges"],
      [2, "visitors"],
    ]);
    expect(three.text).toBe(
      "Les badges ouvrent le parking. [1] Les badges ouvrent la cantine. [1] Les badges ouvrent le hall. [2]",
    );
  });
});
