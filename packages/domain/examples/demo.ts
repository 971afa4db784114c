/**
 * A tour of the domain package: IDs, the status machine and step pricing.
 * Run with `pnpm --filter @columnline/domain demo`.
 */
import {
  formatRunId,
  generateDossierId,
  priceStep,
  type RunState,
  roundRunTotal,
  sumCosts,
  transition,
} from "../src/index";

const startedAt = new Date();
const runId = formatRunId(startedAt);
const dossierId = generateDossierId(startedAt);
console.log(`run ${runId}, dossier ${dossierId}`);

let state: RunState = { status: "pending", completedAt: null, errorMessage: null };
for (const to of ["running", "completed"] as const) {
  const result = transition(state, { to, now: new Date() });
  if (!result.ok) throw result.error;
  console.log(`  ${state.status} -> ${result.state.status}`);
  state = result.state;
}
const illegal = transition(state, { to: "running", now: new Date() });
if (!illegal.ok) console.log(`  refused: ${illegal.error.message}`);

const steps = [
  { name: "research", model: "gpt-4o", usage: { input_tokens: 1000, output_tokens: 500 } },
  {
    name: "write",
    model: "anthropic/claude-sonnet-4-5",
    usage: { input_tokens: 12_000, cache_read_tokens: 8_000, output_tokens: 2_400 },
  },
  { name: "classify", model: "in-house-model-v1", usage: { input_tokens: 300, output_tokens: 5 } },
];
const costs: string[] = [];
for (const step of steps) {
  const priced = priceStep({ model: step.model, usage: step.usage, at: startedAt });
  console.log(
    `  step ${step.name.padEnd(9)} ${step.model.padEnd(28)} ${String(priced.tokens).padStart(6)} tokens  ` +
      (priced.cost === null ? `unpriced (${priced.unpricedReason})` : `$${priced.cost}`),
  );
  if (priced.cost !== null) costs.push(priced.cost);
}
console.log(`run total_cost ${roundRunTotal(sumCosts(costs))} (exact ${sumCosts(costs)})`);
