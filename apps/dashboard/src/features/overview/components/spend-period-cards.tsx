import { StatCard } from "../../../components/stat-card";
import { formatUsd, formatUsdExact } from "../../../lib/format";
import type { SpendPeriod } from "../api/use-spend-periods";
import { comparisonText, spendPeriodLabels } from "../spend-labels";

export function SpendPeriodCards(props: { periods: readonly SpendPeriod[] }) {
  return (
    <section aria-label="Spend by period" className="stat-grid">
      {props.periods.map((period) => (
        <StatCard
          key={period.period}
          label={spendPeriodLabels[period.period]}
          value={formatUsd(period.cost_exact)}
          title={formatUsdExact(period.cost_exact)}
          detail={`${comparisonText(period.cost_exact, period.previous.cost_exact)} (${formatUsd(period.previous.cost_exact)})`}
        />
      ))}
    </section>
  );
}
