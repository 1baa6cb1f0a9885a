import { describe, expect, it } from "vitest";
import { thresholdFieldText, thresholdFromField } from "./alert-values";

describe("alert thresholds", () => {
  it("shows rates in percent and costs in euros, in the reader's notation", () => {
    expect(thresholdFieldText("correct_rate", 0.805, "en")).toBe("80.5");
    expect(thresholdFieldText("thumbs_up_rate", 0.7, "fr")).toBe("70");
    expect(thresholdFieldText("cost_per_day", 12.5, "fr")).toBe("12,5");
  });
  it("reads the field back as the API stores it", () => {
    expect(thresholdFromField("correct_rate", "80,5 %")).toBe(0.805);
    expect(thresholdFromField("cost_per_day", "12.50")).toBe(12.5);
    expect(thresholdFromField("correct_rate", "")).toBe("number");
    expect(thresholdFromField("correct_rate", "120")).toBe("rate");
    expect(thresholdFromField("cost_per_day", "-1")).toBe("cost");
  });
});
