import { CalendarRange } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "~/components/ui/button";
import { Input, NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { useI18n } from "~/i18n";
import { customRangeProblem, type DateRange, dayDate, type Period, periods, rangeFromSearch, rangeParams, utcToday } from "./date-range";

/** The period in the URL, and a setter that keeps the other search parameters. */
export function useDateRange() {
  const [params, setParams] = useSearchParams();
  const range = rangeFromSearch(params);
  const setRange = (next: Pick<DateRange, "period"> & Partial<DateRange>) =>
    setParams(
      (previous) => {
        const updated = new URLSearchParams(previous);
        for (const key of ["period", "from", "to"]) updated.delete(key);
        for (const [key, value] of Object.entries(rangeParams(next))) updated.set(key, value);
        return updated;
      },
      { replace: true },
    );
  return { range, input: { from: range.from, to: range.to }, setRange, params };
}

/** 7 / 30 / 90 days, a year, or from–to: kept in the URL so that a link shows the same figures. */
export function DateRangePicker() {
  const { t, formatDay } = useI18n();
  const { range, setRange } = useDateRange();
  const [custom, setCustom] = useState(range.period === "custom");
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const problem = customRangeProblem(from, to);
  const showCustom = custom || range.period === "custom";

  const choose = (period: Period) => {
    if (period === "custom") {
      setFrom(range.from);
      setTo(range.to);
      setCustom(true);
      return;
    }
    setCustom(false);
    setRange({ period });
  };

  return (
    <div className="flex flex-col gap-2 sm:items-end" data-testid="date-range">
      <div className="flex items-center gap-2">
        <Label htmlFor="monitoring-period" className="flex items-center gap-1.5 text-muted-foreground">
          <CalendarRange className="size-4" aria-hidden />
          {t("monitoring.range.label")}
        </Label>
        <NativeSelect id="monitoring-period" className="w-auto min-w-40" value={showCustom ? "custom" : range.period} onChange={(e) => choose(e.target.value as Period)} data-testid="range-period">
          {periods.map((p) => (
            <option key={p} value={p}>
              {t(`monitoring.range.periods.${p}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {showCustom && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) setRange({ period: "custom", from, to });
          }}
          data-testid="range-custom"
        >
          <div className="flex flex-col gap-1">
            <Label htmlFor="range-from" className="text-xs">
              {t("monitoring.range.from")}
            </Label>
            <Input id="range-from" type="date" className="w-auto" value={from} max={to || utcToday()} onChange={(e) => setFrom(e.target.value)} data-testid="range-from" />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="range-to" className="text-xs">
              {t("monitoring.range.to")}
            </Label>
            <Input id="range-to" type="date" className="w-auto" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="range-to" />
          </div>
          <Button type="submit" variant="outline" disabled={!!problem} data-testid="range-apply">
            {t("monitoring.range.apply")}
          </Button>
          {problem && problem !== "missing" && (
            <p className="w-full text-xs font-medium text-destructive sm:text-right" role="alert">
              {t(`monitoring.range.problems.${problem}`)}
            </p>
          )}
        </form>
      )}
      <p className="text-xs text-muted-foreground" data-testid="range-summary">
        {t("monitoring.range.summary", { from: formatDay(dayDate(range.from)), to: formatDay(dayDate(range.to)) })}
      </p>
    </div>
  );
}
