import { validationError } from "../errors";
import { costUsdSchema } from "./cost-usd";
import { resolvePrices } from "./lookup";
import type { PriceOverride } from "./override";
import { computeStepCost } from "./step-cost";
import type { StepPricing } from "./types";
import { parseUsage, stepTokens, type UsageInput } from "./usage";
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

/**
 * Prices one step. Invalid usage, costUsd or time throw a VALIDATION DomainError; a model
 * that cannot be priced never throws: the step is kept with cost null and the reason.
 * A reported cost wins, but the computed price details are still kept for audit.
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
          inputTokens: usage.input_tokens,
        });
  if (!resolved.ok) {
    return {
      cost: reported,
      costSource: reported === null ? "unpriced" : "reported",
      tokens,
      provider: null,
      priceDetails: null,
      unpricedReason: reported === null ? resolved.reason : null,
    };
  }
  const computed = computeStepCost(usage, resolved.unitPrices);
  return {
    cost: reported ?? computed,
    costSource: reported === null ? "computed" : "reported",
    tokens,
    provider: resolved.details.providerId,
    priceDetails: resolved.details,
    unpricedReason: null,
  };
}
