import { z } from "zod";
import { type AtelierTool, ToolError } from "./tool-definition";

/**
 * The calculator: a tokenizer and a recursive-descent parser that evaluates as it parses. No
 * eval, no Function, no property lookups: names are looked up in Maps, so `constructor` or
 * `__proto__` are unknown names like any other.
 *
 * Grammar, loosest first:
 *   expression := term (("+" | "-") term)*                   a + b% adds b percent of a
 *   term       := unary (("*" | "/" | "%" | "of") unary)*    "%" between two operands is the remainder
 *   unary      := ("-" | "+") unary | power                  so -2^2 = -4
 *   power      := postfix ("^" unary)?                       right-associative: 2^3^2 = 2^9
 *   postfix    := primary "%"*                               15% = 0.15 when no operand follows
 *   primary    := number | constant | function "(" arguments ")" | "(" expression ")"
 * Decimals take "." or "," ("3,5"). A comma between two digits is a decimal comma, except among
 * the arguments of min, max and round, where it separates arguments unless ";" does. Positions in
 * error messages count characters from 1.
 */

export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 100;

type Token =
  | { kind: "number"; text: string; value: number; integer: string | null; start: number; end: number }
  | { kind: "name" | "op" | "invalid" | "end"; text: string; start: number; end: number; tight?: boolean };

interface Operand {
  value: number;
  /** A bare percentage ("15%"), already divided by 100: a + b% and "b% of a" treat it specially. */
  percent: boolean;
}

interface MathFunction {
  minArgs: number;
  maxArgs: number;
  apply(args: number[], at: number): number;
}

function fail(message: string): ToolError {
  return new ToolError("invalid_input", message);
}

const positive = (name: string, fn: (x: number) => number) => (args: number[], at: number) => {
  const x = args[0]!;
  if (x <= 0) throw fail(`${name} is only defined for positive numbers, not ${formatNumber(x)} (position ${at}).`);
  return fn(x);
};

/** Rounds half away from zero at `digits` decimals, without the binary surprises of 1.005 * 100. */
function roundTo(x: number, digits: number, at: number): number {
  if (!Number.isInteger(digits) || Math.abs(digits) > 15) throw fail(`round takes a whole number of digits between -15 and 15, not ${formatNumber(digits)} (position ${at}).`);
  const factor = 10 ** digits;
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  return (Math.sign(x) * Math.round(scaled)) / factor;
}

const FUNCTIONS = new Map<string, MathFunction>([
  [
    "sqrt",
    {
      minArgs: 1,
      maxArgs: 1,
      apply: ([x], at) => {
        if (x! < 0) throw fail(`sqrt of a negative number (${formatNumber(x!)}) at position ${at}.`);
        return Math.sqrt(x!);
      },
    },
  ],
  ["abs", { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.abs(x!) }],
  ["round", { minArgs: 1, maxArgs: 2, apply: ([x, digits], at) => roundTo(x!, digits ?? 0, at) }],
  ["floor", { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.floor(x!) }],
  ["ceil", { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.ceil(x!) }],
  ["min", { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, apply: (args) => Math.min(...args) }],
  ["max", { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, apply: (args) => Math.max(...args) }],
  ["ln", { minArgs: 1, maxArgs: 1, apply: positive("ln", Math.log) }],
  ["log10", { minArgs: 1, maxArgs: 1, apply: positive("log10", Math.log10) }],
  ["exp", { minArgs: 1, maxArgs: 1, apply: ([x]) => Math.exp(x!) }],
]);

const CONSTANTS = new Map<string, number>([
  ["pi", Math.PI],
  ["π", Math.PI],
  ["e", Math.E],
]);

/** "of" in "15% of 240", and the French "de". */
const PERCENT_OF = new Set(["of", "de"]);

const OPERATORS = new Map<string, string>([
  ["+", "+"],
  ["-", "-"],
  ["\u2212", "-"],
  ["*", "*"],
  ["×", "*"],
  ["/", "/"],
  ["÷", "/"],
  ["%", "%"],
  ["^", "^"],
  ["(", "("],
  [")", ")"],
  [",", ","],
  [";", ";"],
]);

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const THOUSANDS_GROUP = /[ \u00a0\u202f](\d{3})(?!\d)/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === "." && isDigit(text[i + 1]))) {
      let integer = "";
      while (isDigit(text[i])) integer += text[i++];
      // "1 000 000" with spaces (or the non-breaking spaces French formatting uses) between groups of three.
      if (integer.length >= 1 && integer.length <= 3) {
        for (;;) {
          THOUSANDS_GROUP.lastIndex = i;
          const group = THOUSANDS_GROUP.exec(text);
          if (!group) break;
          integer += group[1];
          i = THOUSANDS_GROUP.lastIndex;
        }
      }
      let number = integer;
      let plain = integer !== "";
      if (text[i] === "." && isDigit(text[i + 1])) {
        number += text[i++];
        while (isDigit(text[i])) number += text[i++];
        plain = false;
      }
      const exponent = /[eE][+-]?\d+/y;
      exponent.lastIndex = i;
      const match = exponent.exec(text);
      if (match) {
        number += match[0];
        i = exponent.lastIndex;
        plain = false;
      }
      tokens.push({ kind: "number", text: text.slice(start, i), value: Number(number), integer: plain ? integer : null, start, end: i });
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      i = NAME.lastIndex;
      tokens.push({ kind: "name", text: name[0], start, end: i });
      continue;
    }
    if (c === "*" && text[i + 1] === "*") {
      i += 2;
      tokens.push({ kind: "op", text: "^", start, end: i });
      continue;
    }
    const op = OPERATORS.get(c);
    if (op) {
      i++;
      tokens.push({ kind: "op", text: op, start, end: i, tight: op === "," && isDigit(text[start - 1]) && isDigit(text[i]) });
      continue;
    }
    const character = String.fromCodePoint(text.codePointAt(i)!);
    i += character.length;
    tokens.push({ kind: "invalid", text: character, start, end: i });
  }
  tokens.push({ kind: "end", text: "", start: text.length, end: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  /** Whether a comma between two digits is a decimal comma (or separates arguments), innermost last. */
  private readonly commaModes: ("decimal" | "separator")[] = ["decimal"];

  constructor(private readonly tokens: Token[]) {}

  parse(): number {
    const result = this.expression();
    const t = this.peek();
    if (t.kind !== "end") throw this.unexpected(t);
    return result.value;
  }

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
    if (t.kind === "invalid") throw fail(`Unexpected character '${t.text}' at position ${t.start + 1}.`);
    return t;
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === "op" && ops.includes(t.text);
  }

  private unexpected(t: Token): ToolError {
    if (t.kind === "end") return fail(`The expression ends too early (position ${t.start + 1}).`);
    if (t.kind === "number" || t.kind === "name") {
      const what = t.kind === "number" ? `number '${t.text}'` : `'${t.text}'`;
      return fail(`Unexpected ${what} at position ${t.start + 1}: is an operator missing before it?`);
    }
    return fail(`Unexpected '${t.text}' at position ${t.start + 1}.`);
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw fail("The expression is nested too deeply.");
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private withCommaMode<T>(mode: "decimal" | "separator", parse: () => T): T {
    this.commaModes.push(mode);
    try {
      return parse();
    } finally {
      this.commaModes.pop();
    }
  }

  private expression(): Operand {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, "+", "-")) return left;
      this.index++;
      const right = this.term();
      const sign = t.text === "+" ? 1 : -1;
      // 240 + 20% is 288, as on a desk calculator; 15% + 5% is 20%.
      const value = right.percent && !left.percent ? left.value * (1 + sign * right.value) : left.value + sign * right.value;
      left = { value, percent: false };
    }
  }

  private term(): Operand {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind === "name" && PERCENT_OF.has(t.text.toLowerCase())) {
        if (!left.percent) throw fail(`'${t.text}' at position ${t.start + 1} must follow a percentage, as in 15% of 240.`);
        this.index++;
        const right = this.unary();
        left = { value: left.value * right.value, percent: false };
        continue;
      }
      if (!this.isOp(t, "*", "/", "%")) return left;
      this.index++;
      const right = this.unary();
      if (t.text === "*") {
        left = { value: left.value * right.value, percent: false };
        continue;
      }
      if (right.value === 0) throw fail(`Division by zero at position ${t.start + 1}.`);
      left = { value: t.text === "/" ? left.value / right.value : left.value % right.value, percent: false };
    }
  }

  private unary(): Operand {
    const t = this.peek();
    if (!this.isOp(t, "-", "+")) return this.power();
    this.index++;
    const operand = this.nested(() => this.unary());
    return t.text === "-" ? { value: -operand.value, percent: operand.percent } : operand;
  }

  private power(): Operand {
    const base = this.postfix();
    const t = this.peek();
    if (!this.isOp(t, "^")) return base;
    this.index++;
    const exponent = this.nested(() => this.unary());
    const value = base.value ** exponent.value;
    if (Number.isNaN(value)) throw fail(`${formatNumber(base.value)}^${formatNumber(exponent.value)} is not a real number (position ${t.start + 1}).`);
    if (!Number.isFinite(value)) throw fail(`${formatNumber(base.value)}^${formatNumber(exponent.value)} is too large (position ${t.start + 1}).`);
    return { value, percent: false };
  }

  private postfix(): Operand {
    let operand = this.primary();
    // "%" is a percentage unless an operand follows it (then it is the remainder: 10 % 3).
    while (this.isOp(this.peek(), "%") && !this.startsOperand(this.peek(1))) {
      this.index++;
      operand = { value: operand.value / 100, percent: true };
    }
    return operand;
  }

  private startsOperand(t: Token): boolean {
    return t.kind === "number" || (t.kind === "name" && !PERCENT_OF.has(t.text.toLowerCase())) || this.isOp(t, "(");
  }

  private primary(): Operand {
    const t = this.peek();
    if (t.kind === "number") {
      this.index++;
      return { value: this.withDecimalComma(t), percent: false };
    }
    if (t.kind === "name") {
      this.index++;
      return { value: this.name(t), percent: false };
    }
    if (this.isOp(t, "(")) {
      this.index++;
      const inner = this.nested(() => this.withCommaMode("decimal", () => this.expression()));
      this.close(t);
      return { value: inner.value, percent: false };
    }
    if (t.kind === "end" && this.index === 0) throw fail("The expression is empty.");
    throw this.unexpected(t);
  }

  /** 3,5 is 3.5 where a comma does not separate arguments. */
  private withDecimalComma(t: Token & { kind: "number" }): number {
    const comma = this.tokens[this.index];
    const fraction = this.tokens[this.index + 1];
    if (
      this.commaModes.at(-1) === "decimal" &&
      t.integer !== null &&
      comma?.kind === "op" &&
      comma.tight &&
      comma.start === t.end &&
      fraction?.kind === "number" &&
      /^\d+$/.test(fraction.text) &&
      fraction.start === comma.end
    ) {
      this.index += 2;
      return Number(`${t.integer}.${fraction.text}`);
    }
    return t.value;
  }

  private name(t: Token): number {
    const key = t.text.toLowerCase();
    const constant = CONSTANTS.get(key);
    if (constant !== undefined) return constant;
    const fn = FUNCTIONS.get(key);
    if (!fn) {
      if (PERCENT_OF.has(key)) throw this.unexpected(t);
      throw fail(`Unknown name '${t.text}' at position ${t.start + 1}. Functions: ${[...FUNCTIONS.keys()].join(", ")}; constants: pi, e.`);
    }
    const open = this.peek();
    if (!this.isOp(open, "(")) throw fail(`${key} at position ${t.start + 1} needs its argument in parentheses, as in ${key}(2).`);
    this.index++;
    const args = this.nested(() => this.arguments(fn, open));
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const expected = fn.maxArgs === fn.minArgs ? `${fn.minArgs}` : fn.maxArgs === Number.POSITIVE_INFINITY ? `at least ${fn.minArgs}` : `${fn.minArgs} or ${fn.maxArgs}`;
      throw fail(`${key} at position ${t.start + 1} takes ${expected} argument${expected === "1" ? "" : "s"}, not ${args.length}.`);
    }
    return fn.apply(args, t.start + 1);
  }

  private arguments(fn: MathFunction, open: Token): number[] {
    // One-argument functions read "sqrt(2,25)" as 2.25; the others separate arguments with "," unless ";" is used.
    const separator = fn.maxArgs === 1 ? null : this.usesSemicolon() ? ";" : ",";
    const args: number[] = [];
    if (this.isOp(this.peek(), ")")) {
      this.index++;
      return args;
    }
    return this.withCommaMode(separator === "," ? "separator" : "decimal", () => {
      for (;;) {
        args.push(this.expression().value);
        const t = this.peek();
        if (this.isOp(t, ",", ";")) {
          if (separator && t.text !== separator) throw fail(`Unexpected '${t.text}' at position ${t.start + 1}: the arguments are separated by '${separator}'.`);
          this.index++;
          continue;
        }
        this.close(open);
        return args;
      }
    });
  }

  /** True when a ";" separates the arguments of the call whose "(" was just read. */
  private usesSemicolon(): boolean {
    let depth = 0;
    for (let i = this.index; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== "op") continue;
      if (t.text === "(") depth++;
      else if (t.text === ")" && depth-- === 0) return false;
      else if (t.text === ";" && depth === 0) return true;
    }
    return false;
  }

  private close(open: Token): void {
    const t = this.peek();
    if (this.isOp(t, ")")) {
      this.index++;
      return;
    }
    if (t.kind === "end") throw fail(`Missing ')' to close the '(' at position ${open.start + 1}.`);
    throw this.unexpected(t);
  }
}

/** Evaluates an arithmetic expression; throws a ToolError ("invalid_input") that says what is wrong and where. */
export function evaluateExpression(expression: string): number {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw fail(`The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`);
  // "2 + 2 =" as typed on a calculator.
  const text = expression.replace(/\s*=\s*$/, "");
  const value = new Parser(tokenize(text)).parse();
  if (Number.isNaN(value)) throw fail("The result is not a number.");
  if (!Number.isFinite(value)) throw fail("The result is too large.");
  return value;
}

/** At most 12 significant digits, so that 0.1 + 0.2 reads 0.3; exact integers are kept whole. */
export function formatNumber(value: number): string {
  if (value === 0) return "0";
  // Whole numbers JavaScript holds exactly (sums of amounts in cents) keep all their digits.
  if (Number.isSafeInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

const calculatorInput = z.object({
  expression: z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_LENGTH)
    .describe("One arithmetic expression with numbers only, e.g. \"(1250 - 15%) * 12\" or \"round(3,14159; 2)\"."),
});
export type CalculatorInput = z.infer<typeof calculatorInput>;

export function createCalculatorTool(): AtelierTool<CalculatorInput> {
  return {
    name: "calculator",
    description:
      "Computes an arithmetic expression exactly; use it rather than calculating yourself. Supports + - * / ^ (power), " +
      "% between two numbers (remainder), parentheses, decimals with '.' or ',' (3,5), percentages (15% of 240, 240 * 15%, " +
      "240 + 20% adds 20 percent), sqrt, abs, round(x, digits), floor, ceil, min, max, ln, log10, exp and the constants pi and e. " +
      "When numbers have decimal commas, separate the arguments of min, max and round with ';': round(3,14159; 2). No units or variables.",
    schema: calculatorInput,
    requiresApproval: () => false,
    async run({ expression }) {
      const text = `${expression.trim().replace(/\s*=$/, "")} = ${formatNumber(evaluateExpression(expression))}`;
      return { content: text, display: { kind: "text", text } };
    },
  };
}
