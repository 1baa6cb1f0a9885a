import { AccuracySection } from "./accuracy-section";
import { DateRangePicker } from "./date-range-picker";
import { MonitoringLayout } from "./monitoring-shell";
import { OverviewSection } from "./overview-section";

/** Monitoring's overview: every assistant over the chosen period, then the latest rate of each test suite. */
export function MonitoringPage() {
  return (
    <MonitoringLayout actions={<DateRangePicker />}>
      <OverviewSection />
      <AccuracySection />
    </MonitoringLayout>
  );
}
