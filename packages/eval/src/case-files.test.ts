import { describe, expect, it } from "vitest";
import {
  casesToCsv,
  casesToJsonl,
  detectCaseFormat,
  type EvalCaseInput,
  MAX_CASES_PER_FILE,
  type ParsedCaseFile,
  parseCaseFile,
  validateCaseInput,
} from "./case-files";

function validCase(raw: Record<string, unknown>): EvalCaseInput {
  const result = validateCaseInput(raw);
  if ("error" in result) throw new Error(`expected a case, got: ${result.error}`);
  return result.case;
}

function errorOf(raw: Record<string, unknown>): string {
  const result = validateCaseInput(raw);
  if ("case" in result) throw new Error(`expected an error, got a case: ${JSON.stringify(result.case)}`);
  return result.error;
}

function casesOf(file: ParsedCaseFile): EvalCaseInput[] {
  expect(file.error).toBeNull();
  expect(file.rows.map((r) => r.error)).toEqual(file.rows.map(() => null));
  return file.rows.map((r) => r.case!);
}

const base = { question: "How do I connect a folder?", reference_answer: "Server folder" };

describe("validateCaseInput", () => {
  it("trims the texts and fills the defaults: not an abstention, no sources, no tags, no language", () => {
    expect(validCase({ question: "  How do I connect a folder?\n", reference_answer: " Server folder " })).toEqual({
      question: "How do I connect a folder?",
      referenceAnswer: "Server folder",
      expectAbstention: false,
      expectedSources: [],
      tags: [],
      language: null,
    });
  });

  it("requires a reference answer unless the assistant should say it does not know", () => {
    expect(errorOf({ question: "What is the capital of Australia?", reference_answer: "" })).toBe(
      "a reference answer is required unless the assistant should say it does not know",
    );
    expect(errorOf({ question: "What is the capital of Australia?", reference_answer: "  ", expect_abstention: "no" })).toBe(
      "a reference answer is required unless the assistant should say it does not know",
    );
    expect(validCase({ question: "What is the capital of Australia?", reference_answer: "", expect_abstention: "yes" })).toMatchObject({
      referenceAnswer: "",
      expectAbstention: true,
    });
  });

  it("wants the reference answer empty when the assistant should say it does not know (as @atelier/validators does)", () => {
    expect(errorOf({ question: "What is the capital of Australia?", reference_answer: "N/A", expect_abstention: "yes" })).toBe(
      "leave the reference answer empty when the assistant should say it does not know",
    );
  });

  it("reads the yes/no words of English, French and spreadsheets, in any case; empty is no", () => {
    for (const word of ["true", "TRUE", "yes", "Y", "1", "oui", "Oui", "vrai", "VRAI", "x", "X", " yes "]) {
      expect(validCase({ question: "Q?", reference_answer: "", expect_abstention: word }).expectAbstention, word).toBe(true);
    }
    for (const word of ["false", "FALSE", "no", "n", "0", "non", "faux", "FAUX", ""]) {
      expect(validCase({ ...base, expect_abstention: word }).expectAbstention, word).toBe(false);
    }
    expect(validCase({ question: "Q?", expect_abstention: true }).expectAbstention).toBe(true);
    expect(validCase({ ...base, expect_abstention: 0 }).expectAbstention).toBe(false);
    expect(validCase({ ...base, expect_abstention: null }).expectAbstention).toBe(false);
  });

  it("refuses any other yes/no value", () => {
    expect(errorOf({ ...base, expect_abstention: "maybe" })).toBe('expect_abstention must be yes or no (true/false, oui/non, 1/0, x or empty), not "maybe"');
    expect(errorOf({ ...base, expect_abstention: 2 })).toMatch(/^expect_abstention must be yes or no .*not number$/);
  });

  it("reads the language as en or fr from its codes and names in English and French; empty is none", () => {
    for (const word of ["en", "EN", "english", "English", "anglais"]) expect(validCase({ ...base, language: word }).language, word).toBe("en");
    for (const word of ["fr", "FR", "french", "français", "Français", "francais"]) expect(validCase({ ...base, language: word }).language, word).toBe("fr");
    expect(validCase({ ...base, language: "" }).language).toBeNull();
    expect(validCase({ ...base, language: null }).language).toBeNull();
    expect(errorOf({ ...base, language: "de" })).toBe('language must be en or fr (or empty), not "de"');
    expect(errorOf({ ...base, language: "en-GB" })).toBe('language must be en or fr (or empty), not "en-GB"');
  });

  it("splits lists on |, trims the items, drops empty ones and removes duplicate tags ignoring case", () => {
    const c = validCase({ ...base, expected_sources: " knowledge-sources.md | | faq.md |", tags: "folders | Knowledge|knowledge | FOLDERS" });
    expect(c.expectedSources).toEqual(["knowledge-sources.md", "faq.md"]);
    expect(c.tags).toEqual(["folders", "Knowledge"]);
  });

  it("keeps ; and , inside a list item: only | separates items", () => {
    const c = validCase({ ...base, expected_sources: "Handbook, 2024.pdf | Q&A; internal.md" });
    expect(c.expectedSources).toEqual(["Handbook, 2024.pdf", "Q&A; internal.md"]);
  });

  it("accepts lists as arrays (JSON), and refuses an item that contains | or is not text", () => {
    expect(validCase({ ...base, tags: [" hr ", "leave", 2024], expected_sources: ["a.md"] })).toMatchObject({ tags: ["hr", "leave", "2024"], expectedSources: ["a.md"] });
    expect(errorOf({ ...base, tags: ["a|b"] })).toBe('tag "a|b" contains |, which separates the items of a list');
    expect(errorOf({ ...base, tags: [{ name: "hr" }] })).toBe("each tag must be text, not object");
    expect(errorOf({ ...base, expected_sources: { a: 1 } })).toBe("expected_sources must be a list of texts separated by |, not object");
  });

  it("limits the question to 4,000 and the reference answer to 8,000 characters, counted as @atelier/validators counts them", () => {
    expect(validCase({ ...base, question: "é".repeat(4000) }).question).toHaveLength(4000);
    expect(errorOf({ ...base, question: "a".repeat(4001) })).toBe("the question is longer than 4000 characters");
    expect(errorOf({ ...base, question: "😀".repeat(2001) })).toBe("the question is longer than 4000 characters");
    expect(validCase({ ...base, reference_answer: "r".repeat(8000) }).referenceAnswer).toHaveLength(8000);
    expect(errorOf({ ...base, reference_answer: "r".repeat(8001) })).toBe("the reference answer is longer than 8000 characters");
    expect(errorOf({ ...base, question: "   " })).toBe("the question is empty");
    expect(errorOf({ reference_answer: "x" })).toBe("the question is empty");
  });

  it("limits the lists: 20 tags of 60 characters, 20 sources of 300 characters", () => {
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(validCase({ ...base, tags }).tags).toHaveLength(20);
    expect(errorOf({ ...base, tags: [...tags, "t20"] })).toBe("tags has 21 items; at most 20 are allowed");
    expect(validCase({ ...base, tags: ["a".repeat(60)] }).tags).toEqual(["a".repeat(60)]);
    expect(errorOf({ ...base, tags: ["a".repeat(61)] })).toMatch(/^tag "a{40}…" is longer than 60 characters$/);
    expect(validCase({ ...base, expected_sources: ["s".repeat(300)] }).expectedSources).toHaveLength(1);
    expect(errorOf({ ...base, expected_sources: ["s".repeat(301)] })).toMatch(/is longer than 300 characters$/);
    const sources = Array.from({ length: 21 }, (_, i) => `doc${i}.md`).join(" | ");
    expect(errorOf({ ...base, expected_sources: sources })).toBe("expected_sources has 21 items; at most 20 are allowed");
  });

  it("accepts camelCase keys and the CSV aliases, the first key of a field wins, unknown keys are ignored", () => {
    expect(validCase({ question: "Q?", referenceAnswer: "A", expectAbstention: false, expectedSources: ["a.md"], tags: [], language: "en", id: 7 })).toEqual({
      question: "Q?",
      referenceAnswer: "A",
      expectAbstention: false,
      expectedSources: ["a.md"],
      tags: [],
      language: "en",
    });
    expect(validCase({ query: "Q?", answer: "first", reference: "second" }).referenceAnswer).toBe("first");
  });

  it("takes a number as text (a reference answer of 1789) but refuses other types", () => {
    expect(validCase({ question: "Year?", reference_answer: 1789 }).referenceAnswer).toBe("1789");
    expect(errorOf({ question: ["Q?"], reference_answer: "A" })).toBe("the question must be text, not object");
    expect(errorOf({ question: "Q?", reference_answer: false })).toBe("the reference answer must be text, not boolean");
  });

  it("reports every problem of the case at once", () => {
    expect(errorOf({ question: "", reference_answer: "", expect_abstention: "nope", language: "es" })).toBe(
      'the question is empty; expect_abstention must be yes or no (true/false, oui/non, 1/0, x or empty), not "nope"; language must be en or fr (or empty), not "es"',
    );
  });

  it("turns CRLF and CR line ends inside the texts into LF", () => {
    expect(validCase({ question: "line 1\r\nline 2\rline 3", reference_answer: "A" }).question).toBe("line 1\nline 2\nline 3");
  });
});

describe("detectCaseFormat", () => {
  it("goes by the extension, whatever the case", () => {
    expect(detectCaseFormat("cases.csv", '{"question": "x"}')).toBe("csv");
    expect(detectCaseFormat("CASES.TSV", "")).toBe("csv");
    expect(detectCaseFormat("export.txt", "")).toBe("csv");
    expect(detectCaseFormat("cases.jsonl", "question,reference")).toBe("jsonl");
    expect(detectCaseFormat("cases.NDJSON", "")).toBe("jsonl");
    expect(detectCaseFormat("cases.json", "")).toBe("jsonl");
  });

  it("goes by the content without a known extension: a first object → jsonl, else csv", () => {
    expect(detectCaseFormat("cases", '\uFEFF\n  {"question": "x"}')).toBe("jsonl");
    expect(detectCaseFormat("cases.dat", "question;réponse")).toBe("csv");
    expect(detectCaseFormat("", "")).toBe("csv");
  });
});

describe("parseCaseFile, CSV", () => {
  it("reads the header ignoring case, accepts the aliases, and reports the unknown columns", () => {
    const file = parseCaseFile("ID,Query,Expected Answer,Should_Abstain,SOURCES,Tag,Lang,Owner\n7,Q1?,A1,no,a.md,t,en,ana\n", "csv");
    expect(file.ignoredColumns).toEqual(["ID", "Owner"]);
    expect(casesOf(file)).toEqual([
      { question: "Q1?", referenceAnswer: "A1", expectAbstention: false, expectedSources: ["a.md"], tags: ["t"], language: "en" },
    ]);
    const french = parseCaseFile("Question;Réponse attendue;Abstention;Source;Étiquettes;Langue\nQ?;R;non;b.md;x;français\n", "csv");
    expect(casesOf(french)[0]).toMatchObject({ referenceAnswer: "R", expectedSources: ["b.md"], tags: ["x"], language: "fr" });
    expect(parseCaseFile("prompt\treponse\nQ?\tR\n", "csv").rows[0]?.case?.referenceAnswer).toBe("R");
  });

  it("uses the first column of a field and ignores a second one", () => {
    const file = parseCaseFile("question,answer,reference\nQ?,first,second\n", "csv");
    expect(file.ignoredColumns).toEqual(["reference"]);
    expect(casesOf(file)[0]?.referenceAnswer).toBe("first");
  });

  it("detects the delimiter from the header line: comma, semicolon or tab", () => {
    const comma = parseCaseFile('question,reference_answer\n"Q; with semicolon?",A\n', "csv");
    expect(casesOf(comma)[0]?.question).toBe("Q; with semicolon?");
    const semicolon = parseCaseFile("question;reference_answer\nQ, with comma?;A\n", "csv");
    expect(casesOf(semicolon)[0]?.question).toBe("Q, with comma?");
    const tab = parseCaseFile("question\treference_answer\nQ, with; both?\tA\n", "csv");
    expect(casesOf(tab)[0]?.question).toBe("Q, with; both?");
    // Delimiters inside a quoted header name do not count.
    const quotedHeader = parseCaseFile('"question";"reference; answer";reference_answer\nQ?;x;A\n', "csv");
    expect(casesOf(quotedHeader)[0]?.referenceAnswer).toBe("A");
  });

  it("reads quoted cells with delimiters, doubled quotes and line ends, and numbers rows by the line where they start", () => {
    const text = 'question,reference_answer\n"Say ""hello"", then wait?","first line\nsecond line"\nQ2?,A2\n';
    const file = parseCaseFile(text, "csv");
    expect(file.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(casesOf(file)).toMatchObject([
      { question: 'Say "hello", then wait?', referenceAnswer: "first line\nsecond line" },
      { question: "Q2?", referenceAnswer: "A2" },
    ]);
  });

  it("skips blank lines and rows of empty cells without counting them as errors", () => {
    const file = parseCaseFile("\n\nquestion;reference_answer;tags\n\nQ1?;A1;\n   \n;;\n;  ;\nQ2?;A2;\n\n", "csv");
    expect(file.rows.map((r) => [r.line, r.error])).toEqual([
      [5, null],
      [9, null],
    ]);
  });

  it("reads a French Excel export: byte order mark, semicolons, CRLF, accents, a quoted line end, VRAI/FAUX", () => {
    const text =
      "\uFEFFQuestion;Réponse;Abstention;Sources;Tags;Langue\r\n" +
      "Comment connecter un dossier ?;Dossier du serveur;FAUX;knowledge-sources.md;dossiers | connaissances;fr\r\n" +
      '"Quelle est la taille maximale\r\nd’un fichier ?";50 Mo;FAUX;documents-and-errors.md;limites;français\r\n' +
      "Quel est le cours de l’action Atelier ?;;VRAI;;hors sujet;fr\r\n";
    const file = parseCaseFile(text, "csv");
    expect(file.ignoredColumns).toEqual([]);
    expect(file.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(casesOf(file)).toEqual([
      {
        question: "Comment connecter un dossier ?",
        referenceAnswer: "Dossier du serveur",
        expectAbstention: false,
        expectedSources: ["knowledge-sources.md"],
        tags: ["dossiers", "connaissances"],
        language: "fr",
      },
      {
        question: "Quelle est la taille maximale\nd’un fichier ?",
        referenceAnswer: "50 Mo",
        expectAbstention: false,
        expectedSources: ["documents-and-errors.md"],
        tags: ["limites"],
        language: "fr",
      },
      { question: "Quel est le cours de l’action Atelier ?", referenceAnswer: "", expectAbstention: true, expectedSources: [], tags: ["hors sujet"], language: "fr" },
    ]);
  });

  it("keeps going after bad rows: 3 good rows and 2 bad ones give 3 cases and 2 errors with their line", () => {
    const text = [
      "question,reference_answer,expect_abstention,language",
      "Q1?,A1,no,en",
      "Q2?,,no,en",
      "Q3?,A3,,fr",
      ",A4,no,en",
      "Q5?,,yes,",
    ].join("\n");
    const file = parseCaseFile(text, "csv");
    expect(file.error).toBeNull();
    expect(file.rows.map((r) => [r.line, r.case?.question ?? null, r.error])).toEqual([
      [2, "Q1?", null],
      [3, null, "Row 3: a reference answer is required unless the assistant should say it does not know"],
      [4, "Q3?", null],
      [5, null, "Row 5: the question is empty"],
      [6, "Q5?", null],
    ]);
  });

  it("reports a row with more filled cells than the header, which usually means an unquoted delimiter", () => {
    const file = parseCaseFile("question,reference_answer\nWhat is 1,5 in French?,un virgule cinq\nQ?,A,,\n", "csv");
    expect(file.rows[0]?.error).toBe('Row 2: the row has 3 cells but the header has 2; put a cell that contains , between double quotes');
    expect(file.rows[1]?.error).toBeNull();
  });

  it("reports a quoted cell that is never closed on the row where it starts", () => {
    const file = parseCaseFile('question,reference_answer\nQ1?,A1\n"Q2?,A2\nQ3?,A3\n', "csv");
    expect(file.rows.map((r) => [r.line, r.error])).toEqual([
      [2, null],
      [3, 'Row 3: a quoted cell is never closed; add the missing " (the rest of the file was read as this cell)'],
    ]);
  });

  it("is lenient with quotes that Excel would not write: a quote inside a cell, spaces before a quoted cell", () => {
    const file = parseCaseFile('question, reference_answer\nThe 12" screen?, "yes, 12"""\n', "csv");
    expect(casesOf(file)[0]).toMatchObject({ question: 'The 12" screen?', referenceAnswer: 'yes, 12"' });
  });

  it("refuses a file without a question column or without any row", () => {
    expect(parseCaseFile("What is Atelier?,A platform\n", "csv")).toEqual({
      format: "csv",
      rows: [],
      error: 'The first row must be a header with a question column (question, query or prompt); found "What is Atelier?", "A platform".',
      ignoredColumns: ["What is Atelier?", "A platform"],
    });
    expect(parseCaseFile("\uFEFF\r\n \r\n", "csv").error).toBe("The file is empty.");
    expect(parseCaseFile("", "csv").error).toBe("The file is empty.");
    const headerOnly = parseCaseFile("question,reference_answer\r\n", "csv");
    expect(headerOnly).toEqual({ format: "csv", rows: [], error: null, ignoredColumns: [] });
  });

  it("removes the apostrophe that protects a formula-looking cell", () => {
    const file = parseCaseFile("question,reference_answer,tags\n'=1+1 in Excel?,'+33 1 23 45 67 89,'-draft | x\n'plain quote',''@twice,\n", "csv");
    expect(casesOf(file)).toMatchObject([
      { question: "=1+1 in Excel?", referenceAnswer: "+33 1 23 45 67 89", tags: ["-draft", "x"] },
      { question: "'plain quote'", referenceAnswer: "'@twice" },
    ]);
  });
});

describe("parseCaseFile, JSON Lines", () => {
  it("reads one object per line, with snake_case or camelCase keys, lists as arrays or | strings", () => {
    const text = [
      '{"question": "Q1?", "reference_answer": "A1", "expect_abstention": false, "expected_sources": ["a.md"], "tags": "x | y", "language": "en"}',
      "",
      '{"question": "Q2?", "referenceAnswer": "", "expectAbstention": true, "expectedSources": [], "language": null, "id": 2}',
    ].join("\r\n");
    const file = parseCaseFile(text, "jsonl");
    expect(file.ignoredColumns).toEqual(["id"]);
    expect(file.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(casesOf(file)).toEqual([
      { question: "Q1?", referenceAnswer: "A1", expectAbstention: false, expectedSources: ["a.md"], tags: ["x", "y"], language: "en" },
      { question: "Q2?", referenceAnswer: "", expectAbstention: true, expectedSources: [], tags: [], language: null },
    ]);
  });

  it("gives a line that is not JSON, or not an object, or not a valid case, an error and goes on", () => {
    const text = [
      '{"question": "Q1?", "reference_answer": "A1"}',
      '{"question": "Q2?", "reference_answer": ',
      '["Q3?", "A3"]',
      "42",
      '{"question": "Q5?", "language": "de", "reference_answer": "A5"}',
      '{"question": "Q6?", "reference_answer": "A6"}',
    ].join("\n");
    const file = parseCaseFile(`\uFEFF${text}\n`, "jsonl");
    expect(file.rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(file.rows.map((r) => r.case?.question ?? null)).toEqual(["Q1?", null, null, null, null, "Q6?"]);
    expect(file.rows[1]?.error).toMatch(/^Row 2: this line is not valid JSON \(.+\)$/);
    expect(file.rows[2]?.error).toBe('Row 3: this line is not a JSON object ({"question": …})');
    expect(file.rows[3]?.error).toBe('Row 4: this line is not a JSON object ({"question": …})');
    expect(file.rows[4]?.error).toBe('Row 5: language must be en or fr (or empty), not "de"');
  });

  it("refuses an empty file and a JSON array at file level", () => {
    expect(parseCaseFile("\n  \n", "jsonl")).toEqual({ format: "jsonl", rows: [], error: "The file is empty.", ignoredColumns: [] });
    expect(parseCaseFile('[\n  {"question": "Q?", "reference_answer": "A"}\n]\n', "jsonl").error).toBe(
      "The file is a JSON array; write one JSON object per line (JSON Lines) instead.",
    );
  });
});

describe(`at most ${MAX_CASES_PER_FILE} cases per file`, () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...noCase, question: `Question ${i}?`, referenceAnswer: `Answer ${i}` }));
  const noCase: EvalCaseInput = { question: "", referenceAnswer: "", expectAbstention: false, expectedSources: [], tags: [], language: null };

  it("reads 5,000 rows", () => {
    expect(parseCaseFile(casesToCsv(many(5000)), "csv").rows).toHaveLength(5000);
    expect(parseCaseFile(casesToJsonl(many(5000)), "jsonl").rows).toHaveLength(5000);
  });

  it("refuses 5,001 rows at file level, in both formats", () => {
    const error = "The file has more than 5,000 test cases; split it into files of at most 5,000.";
    expect(parseCaseFile(casesToCsv(many(5001)), "csv")).toEqual({ format: "csv", rows: [], error, ignoredColumns: [] });
    expect(parseCaseFile(casesToJsonl(many(5001)), "jsonl")).toEqual({ format: "jsonl", rows: [], error, ignoredColumns: [] });
  });

  it("does not count blank lines", () => {
    const csv = `question,reference_answer\n${"\n".repeat(10)}${many(5000)
      .map((c) => `${c.question},${c.referenceAnswer}`)
      .join("\n\n")}\n`;
    expect(parseCaseFile(csv, "csv").error).toBeNull();
  });
});

const tricky: EvalCaseInput[] = [
  {
    question: 'He said "hello", then left; why?',
    referenceAnswer: "Line one\nline two, with a comma",
    expectAbstention: false,
    expectedSources: ["Handbook, 2024.pdf", "Q&A; internal.md"],
    tags: ["quotes", "multi-line"],
    language: "en",
  },
  {
    question: "Où est stockée la clé « secret.key » ?",
    referenceAnswer: "Dans le dossier de données, à côté d’atelier.db",
    expectAbstention: false,
    expectedSources: ["configuration.md"],
    tags: ["données", "Sécurité"],
    language: "fr",
  },
  {
    question: "=HYPERLINK(\"http://evil.example\", \"click\")",
    referenceAnswer: "+33 1 23 45 67 89",
    expectAbstention: false,
    expectedSources: ["-draft.md", "@team.md"],
    tags: ["=sum", "'quoted'"],
    language: null,
  },
  { question: "'=already escaped?", referenceAnswer: "''@twice", expectAbstention: false, expectedSources: [], tags: ["-1"], language: null },
  { question: "Quel est le cours de l'action Atelier ?", referenceAnswer: "", expectAbstention: true, expectedSources: [], tags: [], language: "fr" },
  { question: "Tab\tinside and trailing quote\"", referenceAnswer: "-", expectAbstention: false, expectedSources: [], tags: [], language: "en" },
];

describe("export", () => {
  it("writes the CSV header, a byte order mark, CRLF line ends, true/false, lists joined with ' | ' and an empty language", () => {
    const csv = casesToCsv([tricky[1]!, tricky[4]!]);
    expect(csv).toBe(
      "\uFEFFquestion,reference_answer,expect_abstention,expected_sources,tags,language\r\n" +
        'Où est stockée la clé « secret.key » ?,"Dans le dossier de données, à côté d’atelier.db",false,configuration.md,données | Sécurité,fr\r\n' +
        "Quel est le cours de l'action Atelier ?,,true,,,fr\r\n",
    );
    expect(casesToCsv([])).toBe("\uFEFFquestion,reference_answer,expect_abstention,expected_sources,tags,language\r\n");
  });

  it("puts an apostrophe before cells that a spreadsheet would run as a formula", () => {
    const lines = casesToCsv(tricky.slice(2, 4)).split("\r\n");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"", ""click"")",'+33 1 23 45 67 89,false,'-draft.md | @team.md,'=sum | 'quoted',`);
    expect(lines[2]).toBe("''=already escaped?,'''@twice,false,,'-1,");
    for (const line of lines.slice(1)) for (const cell of line.split(",")) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("writes JSON Lines with the snake_case keys of the CSV header, lists as arrays, null language", () => {
    expect(casesToJsonl([tricky[4]!])).toBe(
      '{"question":"Quel est le cours de l\'action Atelier ?","reference_answer":"","expect_abstention":true,"expected_sources":[],"tags":[],"language":"fr"}\n',
    );
    expect(casesToJsonl([])).toBe("");
  });
});

describe("round trip: parse(export(cases)) gives the cases back", () => {
  it("in CSV, with quotes, delimiters, line ends, accents, apostrophes and formula-looking text", () => {
    const file = parseCaseFile(casesToCsv(tricky), "csv");
    expect(file.ignoredColumns).toEqual([]);
    expect(casesOf(file)).toEqual(tricky);
    expect(file.rows.map((r) => r.line)).toEqual([2, 4, 5, 6, 7, 8]);
  });

  it("in JSON Lines", () => {
    const file = parseCaseFile(casesToJsonl(tricky), "jsonl");
    expect(casesOf(file)).toEqual(tricky);
    expect(file.rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("through the detected format", () => {
    expect(casesOf(parseCaseFile(casesToCsv(tricky), detectCaseFormat("export", casesToCsv(tricky))))).toEqual(tricky);
    expect(casesOf(parseCaseFile(casesToJsonl(tricky), detectCaseFormat("export", casesToJsonl(tricky))))).toEqual(tricky);
  });

  it("every exported case is a valid case", () => {
    for (const c of tricky) expect(validCase(c as unknown as Record<string, unknown>)).toEqual(c);
  });
});
