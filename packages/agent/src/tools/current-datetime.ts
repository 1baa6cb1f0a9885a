import { z } from "zod";
import { type AtelierTool, ToolError } from "./tool-definition";

export const DEFAULT_TIME_ZONE = "Europe/Paris";

/**
 * The name of a time zone Intl knows, with its usual capitals ("europe/paris" → "Europe/Paris"),
 * or null. Aliases keep the name given (Intl would turn "Asia/Kolkata" into "Asia/Calcutta").
 */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
  } catch {
    return null;
  }
}

export interface DateTimeDescription {
  timeZone: string;
  /** 2025-03-14T14:05:09+01:00 */
  iso: string;
  /** 2025-03-14 */
  date: string;
  /** 14:05 */
  time: string;
  /** +01:00 */
  utcOffset: string;
  weekday: { en: string; fr: string };
  isoWeek: number;
  /** Friday, March 14, 2025 at 2:05 PM */
  en: string;
  /** vendredi 14 mars 2025 à 14:05 */
  fr: string;
}

/** ISO 8601 week number of a calendar date (weeks start on Monday; week 1 holds the first Thursday). */
function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** `now` as seen in `timeZone` (a valid IANA name), in ISO form and in English and French words. */
export function describeDateTime(now: Date, timeZone: string): DateTimeDescription {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  // "GMT+01:00", or "GMT" at offset zero.
  const utcOffset = parts.timeZoneName === "GMT" ? "+00:00" : parts.timeZoneName!.replace("GMT", "").replace("\u2212", "-");
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  const weekday = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone, weekday: "long" }).format(now);
  const words = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "full", timeStyle: "short" }).format(now);
  return {
    timeZone,
    iso: `${date}T${time}:${parts.second}${utcOffset}`,
    date,
    time,
    utcOffset,
    weekday: { en: weekday("en-US"), fr: weekday("fr-FR") },
    isoWeek: isoWeek(Number(parts.year), Number(parts.month), Number(parts.day)),
    en: words("en-US"),
    fr: words("fr-FR"),
  };
}

const currentDatetimeInput = z.object({
  timeZone: z.string().max(64).optional().describe('IANA time zone such as "America/New_York"; default: the user\'s time zone.'),
});
export type CurrentDatetimeInput = z.infer<typeof currentDatetimeInput>;

export function createCurrentDatetimeTool(): AtelierTool<CurrentDatetimeInput> {
  return {
    name: "current_datetime",
    description:
      "Gives the current date, weekday and time (in the user's time zone unless another IANA time zone is asked for). " +
      "Use it for anything that depends on today: deadlines, ages, durations, 'next Monday'.",
    schema: currentDatetimeInput,
    requiresApproval: () => false,
    async run(input, context) {
      let timeZone: string;
      if (input.timeZone) {
        const known = canonicalTimeZone(input.timeZone);
        if (!known) throw new ToolError("invalid_input", `Unknown time zone "${input.timeZone}": use an IANA name such as Europe/Paris or America/New_York.`);
        timeZone = known;
      } else {
        // The user's own time zone, unless their profile holds one Intl does not know.
        timeZone = (context.timeZone && canonicalTimeZone(context.timeZone)) || DEFAULT_TIME_ZONE;
      }
      const now = describeDateTime(context.now?.() ?? new Date(), timeZone);
      const content = [
        `Now in ${now.timeZone} (UTC${now.utcOffset}): ${now.iso}`,
        `Date: ${now.date}, ${now.weekday.en} (${now.weekday.fr}), ISO week ${now.isoWeek}`,
        `Time: ${now.time}`,
        `English: ${now.en}`,
        `French: ${now.fr}`,
      ].join("\n");
      return { content, display: { kind: "text", text: content } };
    },
  };
}
