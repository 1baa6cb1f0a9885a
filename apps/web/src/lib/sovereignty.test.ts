import { sovereigntyLabels } from "@atelier/validators";
import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { fr } from "~/i18n/fr";
import { lookup } from "~/i18n/translate";
import { sovereigntyKeys, sovereigntyTone } from "./sovereignty";

describe("sovereignty labels", () => {
  it("colours on premises green, EU-hosted blue and external amber", () => {
    expect(sovereigntyTone).toEqual({ on_premises: "success", eu_hosted: "info", external: "warning" });
  });

  it("has a label and an explanation in every language for every location", () => {
    for (const s of sovereigntyLabels) {
      const keys = sovereigntyKeys(s);
      for (const dict of [en, fr]) {
        expect(lookup(dict, keys.label), `${s} label`).toBeTruthy();
        expect(lookup(dict, keys.help), `${s} help`).toBeTruthy();
      }
    }
    expect(lookup(fr, sovereigntyKeys("on_premises").label)).toBe("Sur site");
    expect(lookup(fr, sovereigntyKeys("eu_hosted").label)).toBe("Hébergé dans l’UE");
    expect(lookup(fr, sovereigntyKeys("external").label)).toBe("Externe");
  });
});
