import { describe, expect, it } from "vitest";
import { stem } from "../text/tokenize";
import { readQuestion } from "./read-question";

describe("readQuestion", () => {
  it("tells what a French question asks for", () => {
    expect(readQuestion("Combien de semaines de congés ?", "fr").answerType).toBe("quantity");
    expect(readQuestion("En quelle année l'usine a-t-elle ouvert ?", "fr").answerType).toBe("date");
    expect(readQuestion("Quand part-il ?", "fr").answerType).toBe("date");
    expect(readQuestion("Qui dirige le service ?", "fr").answerType).toBe("person");
    expect(readQuestion("Comment s'appelle le logiciel ?", "fr").answerType).toBe("person");
    expect(readQuestion("Où est l'Ouganda ?", "fr").answerType).toBe("place");
    // « ou » (or) is not « où » (where).
    expect(readQuestion("Le thé ou le café ?", "fr").answerType).toBe("other");
    expect(readQuestion("Pourquoi la cantine ferme-t-elle ?", "fr").answerType).toBe("other");
  });

  it("tells what an English question asks for", () => {
    expect(readQuestion("How many days off do I get?", "en").answerType).toBe("quantity");
    expect(readQuestion("When must lost laptops be reported?", "en").answerType).toBe("date");
    expect(readQuestion("Who approves expenses?", "en").answerType).toBe("person");
    expect(readQuestion("Where is the office?", "en").answerType).toBe("place");
  });

  it("recognises procedural questions, not « comment s'appelle »", () => {
    expect(readQuestion("How do I connect a folder?", "en").procedural).toBe(true);
    expect(readQuestion("How to reset my password", "en").procedural).toBe(true);
    expect(readQuestion("How does retrieval work?", "en").procedural).toBe(false);
    expect(readQuestion("Comment connecter un dossier ?", "fr").procedural).toBe(true);
    expect(readQuestion("Comment puis-je ajouter une source ?", "fr").procedural).toBe(true);
    expect(readQuestion("Comment s'appelle la première Constitution ?", "fr").procedural).toBe(false);
    expect(readQuestion("Comment est surnommée la banque ?", "fr").procedural).toBe(false);
  });

  it("reads the action of a procedural question: its verb and object", () => {
    expect(readQuestion("How do I delete a source?", "en").action).toEqual(["delete", "source"]);
    expect(readQuestion("How can I share an assistant with my team?", "en").action).toEqual(["share", "assistant"]);
    expect(readQuestion("Comment supprimer une source ?", "fr").action).toEqual(["supprimer", "source"]);
    expect(readQuestion("Comment puis-je téléverser des fichiers ?", "fr").action).toEqual(["televerser", "fichiers"]);
    expect(readQuestion("Quelles sont les étapes pour créer une équipe ?", "fr").action).toEqual(["creer", "equipe"]);
    expect(readQuestion("Who approves expenses?", "en").action).toEqual([]);
  });

  it("keeps the names and the word pairs of the question", () => {
    const question = readQuestion("Quand le Vizzavona arrive-t-il à Marseille ?", "fr");
    expect(question.names).toEqual(["vizzavona", "marseille"]);
    expect(question.wordPairs).toContain("a marseille");
    expect(question.wordPairs).toContain("le vizzavona");
    // The first word is capitalised as any first word is.
    expect(readQuestion("Where is the Lyon office?", "en").names).toEqual(["lyon"]);
  });

  it("analyses terms in the passage language and weighs framing words less", () => {
    const question = readQuestion("Quel est le nom des congés parentaux ?", "fr");
    expect(question.termsFor("fr")).toEqual([
      { term: "nom", weight: 0.3 },
      { term: stem("conges", "fr"), weight: 1 },
      { term: stem("parentaux", "fr"), weight: 1 },
    ]);
  });
});
