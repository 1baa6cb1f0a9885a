import type { Language } from "../language";
import { analyze, foldAccents, isStopWord, words } from "../text/tokenize";

/** What kind of thing the question asks for, from its interrogative words. */
export type AnswerType = "quantity" | "date" | "person" | "place" | "other";

export interface QuestionTerm {
  /** Analysed form (folded, stemmed with the passage language). */
  term: string;
  /** Lower for words that frame the question (« nom », « année », « name ») rather than name its subject. */
  weight: number;
}

export interface ReadQuestion {
  answerType: AnswerType;
  /** "How do I …", « Comment connecter … »: the answer is a list of steps. */
  procedural: boolean;
  /**
   * For a procedural question, the folded words naming the action: the first two words after
   * "how do I" / « comment » that are not stop words, the verb and its object ("delete",
   * "source"; « supprimer », « source »). Empty otherwise.
   */
  action: string[];
  /** Folded words of the question, to tell new information in a sentence from words it repeats. */
  words: Set<string>;
  /**
   * Names the question holds: its capitalised words after the first (« Quand le Vizzavona
   * arrive-t-il à Marseille ? » → vizzavona, marseille), folded, stop words dropped.
   */
  names: string[];
  /** Consecutive pairs of its folded words, stop words kept (« à Marseille » → "a marseille"). */
  wordPairs: string[];
  /** Analysed query terms for a passage language (distinct, stop words dropped). */
  termsFor(language: Language): QuestionTerm[];
}

/** « a b c » → « a|b|c », to build the patterns below from word lists. */
const any = (list: string) => list.trim().split(/\s+/).join("|");

const FR_DATE_NOUNS = any("annee date epoque periode siecle decennie jour mois an");
const FR_QUANTITY_NOUNS = any(`nombre montant pourcentage taux prix cout age duree superficie surface population taille
  hauteur longueur largeur profondeur distance score vitesse poids somme proportion part rang capacite autonomie budget
  effectif chiffre frequence`);
const FR_PERSON_NOUNS = any(`artiste auteur personnalite personnage general roi reine president joueur coureur ecrivain
  peintre musicien compositeur chanteur chanteuse acteur actrice homme femme ministre empereur pape architecte savant
  philosophe dirigeant chef fondateur entraineur`);
const FR_PLACE_NOUNS = any(`pays ville region lieu endroit continent departement province etat ile quartier village
  commune territoire`);
const EN_QUANTITY_NOUNS = any("number amount percentage rate price cost age population size share proportion score");

// Matched on the folded question, in this order: « en quelle année combien … » asks for a date.
const TYPE_PATTERNS: Record<Language, [AnswerType, RegExp][]> = {
  fr: [
    [
      "date",
      new RegExp(
        String.raw`\bquand\b|\b(?:quel(?:le)?s?|depuis|jusqu'a) (?:${FR_DATE_NOUNS})s?\b|` +
          String.raw`\bquel(?:le)?s? (?:est|etait|sont|fut) (?:la |l')(?:date|annee|epoque|periode)\b|` +
          String.raw`\ben quelle (?:annee|saison)\b|\ba quel moment\b`,
      ),
    ],
    [
      "quantity",
      new RegExp(
        String.raw`\bcombien\b|\ba quel (?:age|rang|prix)\b|` +
          String.raw`\bquel(?:le)?s? (?:est |etait |sont )?(?:le |la |l')?(?:${FR_QUANTITY_NOUNS})\b`,
      ),
    ],
    [
      "person",
      new RegExp(
        String.raw`^(?:qui|a qui|de qui|par qui|pour qui|avec qui|contre qui|chez qui)\b|` +
          String.raw`\bqui (?:est|etait|a|sont|fut)\b|\bquel(?:le)?s? (?:${FR_PERSON_NOUNS})s?\b`,
      ),
    ],
    [
      "place",
      new RegExp(
        String.raw`\bd'ou\b|\b(?:dans|en|a|vers|de|sur) quel(?:le)?s? (?:${FR_PLACE_NOUNS})\b|` +
          String.raw`\bquel(?:le)?s? (?:pays|ville|region|lieu|endroit|continent|ile|village|commune)\b`,
      ),
    ],
    // A name: « comment s'appelle … », « quel est le nom de … », « comment est surnommé … ».
    [
      "person",
      new RegExp(
        String.raw`\bcomment (?:s'appel|se nomm|appelle-t-on|nomme-t-on|est surnomm|est appel|est nomm)|` +
          String.raw`\b(?:le |son |leur )(?:nom|surnom)\b`,
      ),
    ],
  ],
  en: [
    ["date", /\bwhen\b|\b(?:what|which|in what|in which) (?:year|date|century|decade|day|month|period|era)\b/],
    [
      "quantity",
      new RegExp(
        String.raw`\bhow (?:many|much|old|long|far|big|large|tall|high|often)\b|` +
          String.raw`\bwhat (?:is |was )?(?:the )?(?:${EN_QUANTITY_NOUNS})\b`,
      ),
    ],
    ["person", /\b(?:who|whom|whose)\b|\bwhat is (?:the |its |his |her |their )?name\b|\bwhat is .* called\b/],
    ["place", /\bwhere\b|\b(?:what|which|in what|in which) (?:country|city|region|place|state|continent|town|county)\b/],
  ],
};

// Matched on the accent-folded question with its case kept: « Comment connecter … » is a
// procedure, « Comment Lucifer attaque … » (a capitalised name ending in -er) is not.
const PROCEDURAL: Record<Language, RegExp> = {
  fr: new RegExp(
    String.raw`^(?:[Cc]omment (?:faire|puis-je|peut-on|pourrais-je|dois-je|doit-on|faut-il|fait-on|je|on|est-ce qu)\b|` +
      String.raw`[Cc]omment (?!etre\b)[a-z]+(?:er|ir|re)\b|` +
      "[Qq]uelles sont les etapes|[Qq]uelle est la (?:procedure|marche a suivre)|(?:[Pp]rocedure|[Ee]tapes) pour)",
  ),
  en: /^(?:how (?:do|can|could|should|would|might) (?:i|we|you|one|users?)\b|how to\b|what are the steps|steps to)/i,
};

// What comes before the action in a procedural question, on the folded question.
const PROCEDURE_OPENER: Record<Language, RegExp> = {
  fr: new RegExp(
    String.raw`^(?:comment\s+(?:(?:faire|fait-on)\s+(?:pour\s+)?|(?:puis-je|peut-on|pourrais-je|dois-je|doit-on|faut-il)\s+|` +
      String.raw`est-ce\s+qu'?\s*(?:on|je)\s+|(?:je|on)\s+)?|quelles\s+sont\s+les\s+etapes\s+(?:pour|de|d')\s*|` +
      String.raw`quelle\s+est\s+la\s+(?:procedure|marche\s+a\s+suivre)\s+(?:pour|de|d')\s*|(?:procedure|etapes)\s+pour\s+)`,
  ),
  en: /^(?:how\s+(?:(?:do|can|could|should|would|might)\s+(?:i|we|you|one|users?)\s+|to\s+)|what\s+are\s+the\s+steps\s+(?:to|for)\s+|steps\s+(?:to|for)\s+)/,
};

// Words that frame a question more than they name its subject (folded, unstemmed).
const FRAME_WORDS: Record<Language, ReadonlySet<string>> = {
  fr: new Set(
    "nom noms appelle appellent appelait nomme nommee annee annees date nombre type genre sorte fait font faire quoi chose".split(
      " ",
    ),
  ),
  en: new Set("name called year date number type kind sort thing does did".split(" ")),
};
const FRAME_WEIGHT = 0.3;

// A capitalised word after another character than the start: « Qui écoute le général Du Bosc ? ».
const NAME = /(?<=[\s(«"'’-])\p{Lu}[\p{L}\p{N}-]*/gu;

/** Reads the question once: its answer type, whether it asks for steps, its query terms per language. */
export function readQuestion(question: string, language: Language): ReadQuestion {
  // « où » folds to « ou » (« or »): look for it before folding.
  const lowered = question.toLowerCase().trim();
  const folded = foldAccents(question).replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim();
  let answerType: AnswerType = "other";
  if (language === "fr" && /(?:^|[\s'])où(?=[\s,?!]|$)/u.test(lowered) && !/\bquand\b/.test(folded)) {
    answerType = "place";
  }
  for (const [type, pattern] of TYPE_PATTERNS[language]) {
    if (answerType !== "other") break;
    if (pattern.test(folded)) answerType = type;
  }
  const cache = new Map<Language, QuestionTerm[]>();
  const questionWords = words(question);
  const procedural = PROCEDURAL[language].test(question.normalize("NFD").replace(/\p{M}+/gu, "").trim());
  const action = procedural
    ? words(folded.replace(PROCEDURE_OPENER[language], ""))
        .filter((word) => word.length > 1 && !isStopWord(word, language))
        .slice(0, 2)
    : [];
  const names = (question.trim().match(NAME) ?? [])
    .map((name) => words(name)[0] ?? "")
    .filter((name) => name.length > 1 && !isStopWord(name, language));
  return {
    answerType,
    procedural,
    action,
    words: new Set(questionWords),
    names: [...new Set(names)],
    wordPairs: [...new Set(questionWords.slice(1).map((word, i) => `${questionWords[i]} ${word}`))],
    termsFor(passageLanguage) {
      let terms = cache.get(passageLanguage);
      if (!terms) {
        const weights = new Map<string, number>();
        for (const word of questionWords) {
          const [term] = analyze(word, passageLanguage);
          if (term === undefined) continue;
          const weight = FRAME_WORDS[passageLanguage].has(word) ? FRAME_WEIGHT : 1;
          weights.set(term, Math.max(weights.get(term) ?? 0, weight));
        }
        terms = [...weights].map(([term, weight]) => ({ term, weight }));
        cache.set(passageLanguage, terms);
      }
      return terms;
    },
  };
}
