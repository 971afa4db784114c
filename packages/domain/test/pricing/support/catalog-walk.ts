import {
  calcPrice,
  type MatchLogic,
  type ModelInfo,
  type ModelPrice,
  type Provider,
} from "@pydantic/genai-prices";
import type { UsageInput } from "../../../src/pricing";
import { PRICE_UNITS } from "../../../src/pricing/price-units";

/** A usage shape of the walk, in our terms. */
export interface Shape {
  name: string;
  usage: UsageInput;
}

const base = { input_tokens: 1000, output_tokens: 500 };

/** The shapes every model is priced with; tier shapes are added per model. */
export const SHAPES: Shape[] = [
  { name: "plain", usage: base },
  { name: "cached read", usage: { ...base, cache_read_tokens: 400 } },
  { name: "cache write", usage: { ...base, cache_read_tokens: 200, cache_write_tokens: 300 } },
  {
    name: "1h cache write",
    usage: { ...base, cache_write_tokens: 300, cache_write_1h_tokens: 120 },
  },
  { name: "reasoning", usage: { ...base, reasoning_tokens: 200 } },
  { name: "citations", usage: { ...base, reasoning_tokens: 100, citation_tokens: 50 } },
  {
    name: "multimodal",
    usage: {
      ...base,
      cache_read_tokens: 400,
      input_audio_tokens: 300,
      cache_audio_read_tokens: 100,
      input_image_tokens: 200,
      cache_image_read_tokens: 50,
      input_video_tokens: 100,
      output_audio_tokens: 100,
      output_image_tokens: 50,
      output_video_tokens: 20,
    },
  },
  { name: "tool calls", usage: { ...base, web_searches: 3, storage_searches: 2 } },
  { name: "per request", usage: { ...base, requests: 3 } },
];

/** Usage over (and at) each tier start of the model's tiered prices. */
export function tierShapes(prices: ModelPrice): Shape[] {
  const starts = new Set<number>();
  for (const price of Object.values(prices)) {
    if (typeof price === "object") for (const tier of price.tiers) starts.add(tier.start);
  }
  return [...starts].flatMap((start) => [
    { name: `at tier ${start}`, usage: { ...base, input_tokens: start, cache_read_tokens: 100 } },
    {
      name: `over tier ${start}`,
      usage: { ...base, input_tokens: start + 1, cache_read_tokens: 100 },
    },
  ]);
}

/**
 * Our usage as genai-prices' usage: every count spelled out (absent is 0 for us; the
 * library would refuse an absent overlap), under its keys. `requests` is left out: the
 * library always charges one request (see the walk's exceptions).
 */
export function libraryUsage(usage: UsageInput): Record<string, number> {
  const spelled: Record<string, number> = {};
  for (const unit of PRICE_UNITS) {
    if (unit.field === "requests") continue;
    spelled[unit.libraryUsageKey] = (usage as Record<string, number | undefined>)[unit.field] ?? 0;
  }
  return spelled;
}

/** Timestamps that select each of a model's dated (and time-of-day) prices. */
export function timestampsFor(model: ModelInfo): Date[] {
  if (!Array.isArray(model.prices)) return [new Date("2025-09-01T12:00:00Z")];
  const days = new Set(["2024-01-01"]);
  let timeOfDay = false;
  for (const { constraint } of model.prices) {
    if (constraint?.type === "start_date") days.add(constraint.start_date);
    if (constraint?.type === "time_of_date") timeOfDay = true;
  }
  const times = timeOfDay
    ? ["00:15:00", "02:00:00", "07:00:00", "12:00:00", "20:00:00"]
    : ["12:00:00"];
  return [...days].flatMap((day) => times.map((time) => new Date(`${day}T${time}Z`)));
}

function literals(logic: MatchLogic): string[] {
  if ("or" in logic) return logic.or.flatMap(literals);
  if ("and" in logic) return logic.and.flatMap(literals);
  if ("equals" in logic) return [logic.equals];
  if ("starts_with" in logic) return [logic.starts_with];
  if ("ends_with" in logic) return [logic.ends_with];
  if ("contains" in logic) return [logic.contains];
  return [];
}

/**
 * A name genai-prices resolves to exactly this provider's model when the provider is
 * named: its id, or else a literal of its match logic. null when there is none (a model
 * shadowed by an earlier one of its provider, or matched by a regex only).
 */
export function nameFor(provider: Provider, model: ModelInfo): string | null {
  for (const name of [model.id, ...literals(model.match)]) {
    const found = calcPrice({}, name, { providerId: provider.id });
    if (found?.provider.id === provider.id && found.model.id === model.id) return name;
  }
  return null;
}
