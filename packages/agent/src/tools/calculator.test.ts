import { describe, expect, it } from "vitest";
import { createCalculatorTool, evaluateExpression, formatNumber } from "./calculator";
import { ToolError, type ToolContext } from "./tool-definition";

const calc = (expression: string) => formatNumber(evaluateExpression(expression));

function errorOf(expression: string): ToolError {
  try {
    evaluateExpression(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe("invalid_input");
    return error as ToolError;
  }
  throw new Error(`"${expression}" was accepted`);
}

describe("evaluateExpression", () => {
  it("applies precedence and parentheses", () => {
    expect(calc("1 + 2 * 3")).toBe("7");
    expect(calc("(1 + 2) * 3")).toBe("9");
    expect(calc("10 - 4 - 3")).toBe("3");
    expect(calc("100 / 10 / 5")).toBe("2");
    expect(calc("2 * 3 ^ 2")).toBe("18");
    expect(calc("7 % 3 + 1")).toBe("2");
    expect(calc("2 ** 10")).toBe("1024");
    expect(calc("6 × 7 ÷ 2 − 1")).toBe("20");
  });

  it("makes ^ right-associative and binds it tighter than unary minus", () => {
    expect(calc("2 ^ 3 ^ 2")).toBe("512");
    expect(calc("-2 ^ 2")).toBe("-4");
    expect(calc("(-2) ^ 2")).toBe("4");
    expect(calc("2 ^ -1")).toBe("0.5");
    expect(calc("--3")).toBe("3");
    expect(calc("-(1 + 2) * +2")).toBe("-6");
  });

  it("reads decimal points, French decimal commas and thousands separators", () => {
    expect(calc("3,5 + 1,25")).toBe("4.75");
    expect(calc("3.5 * 2")).toBe("7");
    expect(calc(".5 + 0,05")).toBe("0.55");
    expect(calc("1 000 000 / 4")).toBe("250000");
    expect(calc("1\u202f234,5 * 2")).toBe("2469");
    expect(calc("1.5e3 + 1")).toBe("1501");
    // One-argument functions read the comma as a decimal comma.
    expect(calc("sqrt(2,25)")).toBe("1.5");
    // Functions with several arguments separate them with "," unless ";" is used.
    expect(calc("max(1,5, 2)")).toBe("5");
    expect(calc("max(1,5; 1,25)")).toBe("1.5");
    expect(calc("round(3,14159; 2)")).toBe("3.14");
    expect(calc("round(3.14159, 2)")).toBe("3.14");
    expect(calc("max((1,5), 1)")).toBe("1.5");
  });

  it("computes percentages", () => {
    expect(calc("15% of 240")).toBe("36");
    expect(calc("15 % de 240")).toBe("36");
    expect(calc("240 * 15%")).toBe("36");
    expect(calc("15%")).toBe("0.15");
    expect(calc("240 + 20%")).toBe("288");
    expect(calc("1250 - 15%")).toBe("1062.5");
    expect(calc("15% of 240 + 1")).toBe("37");
    expect(calc("10 % 3")).toBe("1");
    expect(errorOf("2 of 3").message).toMatch(/must follow a percentage/);
  });

  it("has functions and constants", () => {
    expect(calc("sqrt(16) + abs(-2)")).toBe("6");
    expect(calc("round(2.5)")).toBe("3");
    expect(calc("round(-2.5)")).toBe("-3");
    expect(calc("round(1.005, 2)")).toBe("1.01");
    expect(calc("round(1234, -2)")).toBe("1200");
    expect(calc("floor(-1.5) + ceil(1.2)")).toBe("0");
    expect(calc("min(4, 2, 8) + max(1, 9)")).toBe("11");
    expect(calc("ln(e)")).toBe("1");
    expect(calc("log10(1000)")).toBe("3");
    expect(calc("exp(0)")).toBe("1");
    expect(calc("PI")).toBe("3.14159265359");
    expect(calc("Sqrt(4)")).toBe("2");
  });

  it("rounds results to 12 significant digits", () => {
    expect(calc("0.1 + 0.2")).toBe("0.3");
    expect(calc("1 / 3")).toBe("0.333333333333");
    expect(calc("-0 * 5")).toBe("0");
    expect(calc("123456789012345 + 1")).toBe("123456789012346");
    expect(calc("2 ^ 60")).toBe("1152921504610000000");
    expect(calc("10 ^ 25 / 3")).toBe("3.33333333333e+24");
    expect(calc("2 + 2 =")).toBe("4");
  });

  it("reports errors with their position", () => {
    expect(errorOf("(1 + 2))").message).toBe("Unexpected ')' at position 8.");
    expect(errorOf("(1 + 2").message).toBe("Missing ')' to close the '(' at position 1.");
    expect(errorOf("1 +").message).toMatch(/ends too early/);
    expect(errorOf("").message).toBe("The expression is empty.");
    expect(errorOf("2 3").message).toMatch(/Unexpected number '3' at position 3/);
    expect(errorOf("2pi").message).toMatch(/Unexpected 'pi' at position 2/);
    expect(errorOf("3 € + 2").message).toBe("Unexpected character '€' at position 3.");
    expect(errorOf("sqrt 4").message).toMatch(/needs its argument in parentheses/);
    expect(errorOf("sqrt(4, 2)").message).toMatch(/sqrt at position 1 takes 1 argument, not 2/);
    expect(errorOf("round(1; 2; 3)").message).toMatch(/takes 1 or 2 arguments, not 3/);
    expect(errorOf("max()").message).toMatch(/takes at least 1 argument/);
    expect(errorOf("max(1,5; 2, 3)").message).toMatch(/Unexpected ',' at position 11: the arguments are separated by ';'/);
    expect(errorOf("round(2, 0.5)").message).toMatch(/whole number of digits/);
    expect(errorOf("x".repeat(1001)).message).toMatch(/longer than 1000/);
  });

  it("refuses division by zero and results that are not finite numbers", () => {
    expect(errorOf("1 / 0").message).toBe("Division by zero at position 3.");
    expect(errorOf("5 % (2 - 2)").message).toMatch(/Division by zero/);
    expect(errorOf("sqrt(-4)").message).toMatch(/negative/);
    expect(errorOf("ln(0)").message).toMatch(/positive/);
    expect(errorOf("10 ^ 400").message).toMatch(/too large/);
    expect(errorOf("(-8) ^ 0.5").message).toMatch(/not a real number/);
  });

  it("rejects JavaScript and prototype names as unknown identifiers", () => {
    for (const attempt of ["constructor", "__proto__", "toString()", "process.exit(1)", "hasOwnProperty(1)", "valueOf", "globalThis", "Function(1)"]) {
      expect(errorOf(attempt).message).toMatch(/^Unknown name '[^']+' at position 1\./);
    }
    expect(errorOf("1 + constructor").message).toMatch(/^Unknown name 'constructor' at position 5/);
    expect(errorOf("alert`1`").message).toMatch(/Unknown name 'alert'/);
  });

  it("refuses nesting deep enough to exhaust the stack", () => {
    expect(errorOf(`${"(".repeat(300)}1${")".repeat(300)}`).message).toMatch(/nested too deeply/);
    expect(calc(`${"(".repeat(50)}1${")".repeat(50)}`)).toBe("1");
  });
});

describe("calculator tool", () => {
  const context = { userId: "u", assistantId: "a", conversationId: "c", signal: new AbortController().signal } satisfies ToolContext;

  it("returns the expression and its result", async () => {
    const tool = createCalculatorTool();
    expect(tool.name).toBe("calculator");
    expect(tool.requiresApproval({ expression: "1" })).toBe(false);
    const input = tool.schema.parse({ expression: "15% of 240" });
    const output = await tool.run(input, context);
    expect(output.content).toBe("15% of 240 = 36");
    expect(output.display).toEqual({ kind: "text", text: "15% of 240 = 36" });
  });

  it("throws a ToolError for an invalid expression", async () => {
    await expect(createCalculatorTool().run({ expression: "1 / 0" }, context)).rejects.toMatchObject({ code: "invalid_input", message: "Division by zero at position 3." });
  });
});
