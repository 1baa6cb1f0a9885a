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

describe("answerFromPassages on a user guide's step lists", () => {
  const steps = (...items: string[]): DocumentBlock => ({ kind: "list", text: items.map((t, i) => `${i + 1}. ${t}`).join("\n") });
  let guide: LexicalIndex;
  let guideDb: Database.Database;

  beforeEach(() => {
    guideDb = new Database(":memory:");
    guide = new LexicalIndex(guideDb);
    // Two pages whose titles name what the other page's sections are about: the page title
    // heads every section, so it must not decide which list answers.
    guide.indexDocuments([
      {
        id: "chat-en",
        sourceId: "guide",
        title: "Chat with the assistants of your sources",
        language: "en",
        blocks: [
          heading("Chat with the assistants of your sources"),
          paragraph("Each conversation keeps the messages you exchanged with an assistant."),
          heading("Delete a conversation", 2),
          paragraph("To delete a conversation, open its options in the list and choose Delete."),
          steps("Click the options button of the conversation.", "Choose **Delete**.", "Confirm with **Delete**."),
          paragraph("Deleting a conversation does not delete the sources it quoted."),
          heading("Rename a conversation", 2),
          steps("Click the options button of the conversation.", "Choose **Rename** and type the new name."),
        ],
      },
      {
        id: "sources-en",
        sourceId: "guide",
        title: "Sources of documents for conversations",
        language: "en",
        blocks: [
          heading("Sources of documents for conversations"),
          paragraph("A source holds the documents that assistants quote in a conversation."),
          heading("Connect a folder", 2),
          paragraph("To connect a folder:"),
          steps("Open **Knowledge** and click **New source**.", "Choose **Server folder** and type its path.", "Click **Create**."),
          heading("Connect a shared network folder", 2),
          paragraph("A shared network folder is connected as a server folder once the server mounts it."),
          heading("Upload files", 2),
          paragraph("To upload files:"),
          steps("Open **Knowledge** and click **New source**.", "Choose **Upload files**.", "Drop your files on the page."),
          heading("Delete a source", 2),
          paragraph("To delete a source, open it and click Delete."),
          steps("Open **Knowledge** and click the source.", "Click **Delete**.", "Confirm with **Delete**."),
        ],
      },
      {
        id: "chat-fr",
        sourceId: "guide",
        title: "Discuter avec les assistants de vos sources",
        language: "fr",
        blocks: [
          heading("Discuter avec les assistants de vos sources"),
          paragraph("Chaque conversation garde les messages échangés avec un assistant."),
          heading("Supprimer une conversation", 2),
          paragraph("Pour supprimer une conversation, ouvrez ses options dans la liste et choisissez Supprimer."),
          steps("Cliquez sur le bouton d’options de la conversation.", "Choisissez **Supprimer**.", "Confirmez avec **Supprimer**."),
          paragraph("Supprimer une conversation ne supprime pas les sources qu’elle a citées."),
          heading("Renommer une conversation", 2),
          steps("Cliquez sur le bouton d’options de la conversation.", "Choisissez **Renommer** et saisissez le nouveau nom."),
        ],
      },
      {
        id: "sources-fr",
        sourceId: "guide",
        title: "Sources de documents des conversations",
        language: "fr",
        blocks: [
          heading("Sources de documents des conversations"),
          paragraph("Une source réunit les documents que les assistants citent dans une conversation."),
          heading("Connecter un dossier", 2),
          paragraph("Pour connecter un dossier :"),
          steps("Ouvrez **Connaissances** et cliquez sur **Nouvelle source**.", "Choisissez **Dossier du serveur** et saisissez son chemin.", "Cliquez sur **Créer**."),
          heading("Téléverser des fichiers", 2),
          paragraph("Pour téléverser des fichiers :"),
          steps("Ouvrez **Connaissances** et cliquez sur **Nouvelle source**.", "Choisissez **Téléverser des fichiers**.", "Déposez vos fichiers sur la page."),
          heading("Supprimer une source", 2),
          paragraph("Pour supprimer une source, ouvrez-la et cliquez sur Supprimer."),
          steps("Ouvrez **Connaissances** et cliquez sur la source.", "Cliquez sur **Supprimer**.", "Confirmez avec **Supprimer**."),
        ],
      },
    ]);
  });

  afterEach(() => guideDb.close());

  const section = (question: string) => {
    const answer = answerFromPassages(question, guide.search(question, { limit: 5 }));
    return { answer, section: answer.citations[0]?.headingPath.at(-1), steps: answer.text.includes("\n") };
  };

  it.each([
    ["How do I delete a source?", "Delete a source", "2. Click **Delete**."],
    ["How do I delete a conversation?", "Delete a conversation", "2. Choose **Delete**."],
    ["How do I connect a folder?", "Connect a folder", "2. Choose **Server folder** and type its path."],
    ["How do I upload files?", "Upload files", "3. Drop your files on the page."],
    ["Comment supprimer une source ?", "Supprimer une source", "2. Cliquez sur **Supprimer**."],
    ["Comment supprimer une conversation ?", "Supprimer une conversation", "2. Choisissez **Supprimer**."],
    ["Comment connecter un dossier ?", "Connecter un dossier", "2. Choisissez **Dossier du serveur** et saisissez son chemin."],
    ["Comment puis-je téléverser des fichiers ?", "Téléverser des fichiers", "3. Déposez vos fichiers sur la page."],
  ])("%s → the steps under « %s »", (question, expected, step) => {
    const { answer, section: got, steps } = section(question);
    expect(got).toBe(expected);
    expect(steps).toBe(true);
    expect(answer.text).toContain(step);
    expect(answer.citations).toHaveLength(1);
  });

  it("answers from a section without steps whose heading matches the question better", () => {
    const { answer, section: got, steps } = section("How do I connect a shared network folder?");
    expect(steps).toBe(false);
    expect(got).toBe("Connect a shared network folder");
    expect(answer.text).toContain("A shared network folder is connected as a server folder");
  });

  it("quotes no list whose heading lacks the question's verb or object", () => {
    // « Rename » heads a list, but of conversations; no list renames a source.
    for (const question of ["How do I rename a source?", "Comment renommer une source ?"]) {
      const { answer, steps } = section(question);
      expect(steps, question).toBe(false);
      expect(answer.text, question).not.toContain("Choose **Rename**");
      expect(answer.text, question).not.toContain("Choisissez **Renommer**");
    }
  });
});
