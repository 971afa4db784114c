import { StatCard } from "../../../components/stat-card";
import { formatCount, formatUsd } from "../../../lib/format";
import type { RouterOutputs } from "../../../lib/router-types";

type CostSummary = RouterOutputs["analytics"]["costSummary"];

const usdOrDash = (value: string | null) => (value === null ? "—" : formatUsd(value));

/** Cost per completed run: the mean, and the median and 95th percentile that outliers skew less. */
export function RunCostStats(props: { summary: CostSummary }) {
  const { summary } = props;
  return (
    <section aria-label="Cost per completed run" className="stat-grid">
      <StatCard
        label="Average cost per completed run"
        value={usdOrDash(summary.avg_cost)}
        detail={`${formatCount(summary.run_count)} completed runs`}
      />
      <StatCard label="Median (p50)" value={usdOrDash(summary.p50_cost)} />
      <StatCard label="95th percentile (p95)" value={usdOrDash(summary.p95_cost)} />
      <StatCard label="Completed runs' total" value={formatUsd(summary.total_cost)} />
    </section>
  );
}
