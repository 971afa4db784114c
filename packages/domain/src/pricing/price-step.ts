import { validationError } from "../errors";
import { chargeUsage } from "./charge-usage";
import { costUsdSchema } from "./cost-usd";
import { MAX_STEP_COST, type Money, roundStepCost, toCanonical } from "./decimal";
import { type ResolvedPrice, resolvePrices } from "./lookup";
import type { PriceOverride } from "./override";
import type { PriceEntry } from "./price-list";
import { tokenUnitPrices } from "./price-list";
import type { PriceDetails, StepPricing } from "./types";
import { parseUsage, stepTokens, type Usage, type UsageInput, usageCount } from "./usage";
import { toErrorIssues } from "./zod-issues";

export interface PriceStepInput {
  model?: string | null;
  usage: UsageInput;
  /** The step's completion time: dated prices and overrides are chosen as of then. */
  at: Date;
  /** The provider's exact charge, if the caller knows it: it wins over the computed cost. */
  costUsd?: string | number | null;
  clientId?: string | null;
  overrides?: readonly PriceOverride[];
}

function parseCostUsd(costUsd: string | number): string {
  const result = costUsdSchema.safeParse(costUsd);
  if (!result.success) {
    const issues = toErrorIssues(result.error).map((issue) => ({ ...issue, path: "cost_usd" }));
    throw validationError("invalid cost_usd", issues);
  }
  return result.data;
}

function incurs(entry: PriceEntry, usage: Usage): string | null {
  if (entry.unit === undefined) return entry.key;
  const count = usageCount(usage, entry.unit.field);
  return count > 0 ? `${entry.key} (${entry.unit.field}: ${count})` : null;
}

type Computed =
  | { ok: true; details: PriceDetails; exactCost: Money }
  | { ok: false; reason: string };

/**
 * Charges the usage with the resolved price. An override states token prices only: if the
 * catalog's entry for the model also charges per call, hour or page and the step incurs
 * it, the override cannot be the whole price, and the step is not priced.
 */
function compute(resolved: ResolvedPrice, usage: Usage): Computed {
  const { basis } = resolved;
  const catalogLabel = `${basis.providerId ?? ""}/${basis.modelId}`;
  const label =
    basis.source === "override"
      ? `price override ${basis.overrideId ?? basis.modelId}`
      : catalogLabel;
  const incurred = resolved.uncovered.flatMap((entry) => incurs(entry, usage) ?? []);
  if (incurred.length > 0) {
    return {
      ok: false,
      reason: `${label} states token prices only, but the catalog's price for this model also charges ${incurred.join(", ")}; record the step's cost_usd`,
    };
  }
  const charge = chargeUsage(resolved.entries, usage);
  if (!charge.ok) return { ok: false, reason: `${label}: ${charge.reason}` };
  return {
    ok: true,
    exactCost: charge.exactCost,
    details: {
      ...basis,
      unitPrices: tokenUnitPrices(resolved.entries, usage.input_tokens),
      components: charge.components,
      exactCost: toCanonical(charge.exactCost),
    },
  };
}

/** A computed cost is held to the bound a reported one is (cost-usd.ts). */
function checkComputedCost(cost: string, details: PriceDetails): void {
  if (!MAX_STEP_COST.lte(cost)) return;
  const source = details.overrideId ? `price override ${details.overrideId}` : details.modelId;
  throw validationError("the step's computed cost is too large", [
    {
      path: "usage",
      message: `usage priced with ${source} costs ${cost}, which must be less than ${MAX_STEP_COST.toFixed()}`,
    },
  ]);
}

/**
 * Prices one step. Invalid usage, costUsd or time throw a VALIDATION DomainError, and so
 * does a computed cost past the bound a reported one must respect. A step that cannot be
 * priced never throws: it is kept with cost null and the reason. A reported cost wins,
 * but the computed price details are still kept for audit.
 */
export function priceStep(input: PriceStepInput): StepPricing {
  const usage = parseUsage(input.usage);
  const tokens = stepTokens(usage);
  const reported = input.costUsd == null ? null : parseCostUsd(input.costUsd);
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) {
    throw validationError("invalid pricing time", [
      { path: "at", message: "must be a valid date" },
    ]);
  }

  const resolved =
    input.model == null
      ? ({ ok: false, reason: "no model given" } as const)
      : resolvePrices(input.model, input.at, {
          clientId: input.clientId ?? null,
          overrides: input.overrides ?? [],
        });
  const computed = resolved.ok ? compute(resolved, usage) : resolved;
  if (!computed.ok) {
    return {
      cost: reported,
      costSource: reported === null ? "unpriced" : "reported",
      tokens,
      provider: resolved.ok ? resolved.basis.providerId : null,
      priceDetails: null,
      unpricedReason: reported === null ? computed.reason : null,
    };
  }
  const cost = roundStepCost(computed.exactCost);
  if (reported === null) checkComputedCost(cost, computed.details);
  return {
    cost: reported ?? cost,
    costSource: reported === null ? "computed" : "reported",
    tokens,
    provider: computed.details.providerId,
    priceDetails: computed.details,
    unpricedReason: null,
  };
}
