import { describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { fr } from "~/i18n/fr";
import { createTranslator } from "~/i18n/translate";
import { errorMessage, fieldErrorsOf, isNotFound, isUnauthenticated, issuesToFieldErrors } from "./errors";

const tEn = createTranslator(en);
const tFr = createTranslator(fr, en);

/** The shape of a TRPCClientError as the UI receives it. */
function trpcError(data: Record<string, unknown>, message = "Server sentence") {
  return Object.assign(new Error(message), { data: { httpStatus: 400, path: "x", ...data } });
}

describe("errorMessage", () => {
  it("translates application codes", () => {
    const error = trpcError({ code: "UNAUTHORIZED", appCode: "auth.invalid_credentials" }, "Wrong email or password.");
    expect(errorMessage(error, tEn, en)).toBe("Wrong email or password.");
    expect(errorMessage(error, tFr, fr)).toBe("Adresse e-mail ou mot de passe incorrect.");
  });

  it("adds the waiting time of rate limits", () => {
    const error = trpcError({ code: "TOO_MANY_REQUESTS", appCode: "auth.rate_limited", retryAfterSeconds: 30 });
    expect(errorMessage(error, tFr, fr)).toBe("Trop de tentatives de connexion échouées. Réessayez dans 30 secondes.");
  });

  it("translates the knowledge codes, including an upload's JSON error", () => {
    const upload = Object.assign(new Error('"photo.jpeg" is not a supported type.'), { data: { code: "BAD_REQUEST", appCode: "knowledge.unsupported_type", httpStatus: 400 } });
    expect(errorMessage(upload, tEn, en)).toBe("This file type is not supported.");
    expect(errorMessage(upload, tFr, fr)).toBe("Ce type de fichier n’est pas pris en charge.");
    expect(errorMessage(trpcError({ code: "BAD_REQUEST", appCode: "knowledge.paused" }), tEn, en)).toMatch(/paused/);
  });

  it("falls back to the tRPC code, then to the server's sentence", () => {
    expect(errorMessage(trpcError({ code: "NOT_FOUND", appCode: null }), tEn, en)).toBe("This item was not found.");
    expect(errorMessage(trpcError({ code: "I_AM_A_TEAPOT", appCode: "brand.new" }, "Short and stout."), tEn, en)).toBe("Short and stout.");
  });

  it("never shows internals of a server error", () => {
    const error = trpcError({ code: "INTERNAL_SERVER_ERROR", appCode: null }, "Something went wrong on the server.");
    expect(errorMessage(error, tFr, fr)).toBe("Une erreur est survenue sur le serveur. Veuillez réessayer.");
  });

  it("recognises network failures", () => {
    expect(errorMessage(new TypeError("Failed to fetch"), tEn, en)).toMatch(/cannot be reached/);
    expect(errorMessage("weird", tEn, en)).toBe("Something went wrong. Please try again.");
  });
});

describe("field errors", () => {
  it("translates known validator messages and keeps unknown ones", () => {
    const error = trpcError({ code: "BAD_REQUEST", appCode: "validation", fieldErrors: { name: ["Name is required"], content: ["Messages are limited to 10 characters"] } });
    expect(fieldErrorsOf(error, fr)).toEqual({ name: "Le nom est obligatoire", content: "Messages are limited to 10 characters" });
  });

  it("maps zod issues to the first message per field", () => {
    const issues = [
      { path: ["temperature"], message: "Between 0 and 2" },
      { path: ["temperature"], message: "Enter a number" },
      { path: ["teamId"], message: "Choose the team that may use this assistant" },
    ];
    expect(issuesToFieldErrors(issues, en)).toEqual({ temperature: "Between 0 and 2", teamId: "Choose the team that may use this assistant" });
  });
});

describe("classification", () => {
  it("tells an expired session from wrong credentials", () => {
    expect(isUnauthenticated(trpcError({ code: "UNAUTHORIZED", appCode: "auth.required" }))).toBe(true);
    expect(isUnauthenticated(trpcError({ code: "UNAUTHORIZED", appCode: "auth.invalid_credentials" }))).toBe(false);
  });

  it("treats malformed ids as not found", () => {
    expect(isNotFound(trpcError({ code: "BAD_REQUEST" }))).toBe(true);
    expect(isNotFound(trpcError({ code: "NOT_FOUND" }))).toBe(true);
    expect(isNotFound(trpcError({ code: "FORBIDDEN" }))).toBe(false);
  });
});
