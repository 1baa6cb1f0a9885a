import type { ReactNode } from "react";
import { ErrorBar, Line } from "recharts";
import { CHART_COLORS } from "~/lib/chart-colors";

/**
 * The line of one suite's correct-answer rate, with its 95 % interval as whiskers: the rows carry
 * `rate<i>` and `error<i>` (the distances to the interval's bounds). A function, not a component:
 * recharts only draws the Line elements it finds among the chart's children.
 */
export function rateLine(series: { suiteId: string; suiteName: string }, index: number, children?: ReactNode) {
  const color = CHART_COLORS[index % CHART_COLORS.length]!;
  return (
    <Line
      key={series.suiteId}
      dataKey={`rate${index}`}
      name={series.suiteName}
      type="linear"
      connectNulls
      stroke={color}
      strokeWidth={2}
      dot={{ r: 3.5, fill: color, strokeWidth: 0 }}
      activeDot={{ r: 5 }}
      isAnimationActive={false}
    >
      <ErrorBar dataKey={`error${index}`} direction="y" width={5} stroke={color} strokeOpacity={0.6} strokeWidth={1.5} isAnimationActive={false} />
      {children}
    </Line>
  );
}
