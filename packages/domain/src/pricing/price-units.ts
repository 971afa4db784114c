import type { UsageField } from "./usage-fields";

/**
 * A catalog price key we can charge, and the usage count it applies to. The dimensions
 * are genai-prices 0.1.8's own (its units table): a unit whose dimensions extend another's
 * counts a part of that one's quantity (cache_write_1h ⊂ cache_write ⊂ input), and two
 * units whose dimensions do not conflict overlap in the unit that joins them
 * (input_audio ∩ cache_read = cache_audio_read).
 */
export interface PriceUnit {
  key: string;
  field: UsageField;
  /** genai-prices' usage key for the same count (they differ only for reasoning and citations). */
  libraryUsageKey: string;
  /** Units per price: a million tokens (`_mtok`) or a thousand calls (`_kcount`). */
  per: number;
  /** Token prices are what a price override states; call fees are not. */
  kind: "token" | "call";
  dimensions: Readonly<Record<string, string>>;
}

const MTOK = 1_000_000;
const KCOUNT = 1_000;

const input = { direction: "input", family: "tokens" } as const;
const output = { direction: "output", family: "tokens" } as const;

function token(
  key: string,
  field: UsageField,
  dimensions: Record<string, string>,
  libraryUsageKey: string = field,
): PriceUnit {
  return { key, field, libraryUsageKey, per: MTOK, kind: "token", dimensions };
}

function call(key: string, field: UsageField, dimensions: Record<string, string>): PriceUnit {
  return { key, field, libraryUsageKey: field, per: KCOUNT, kind: "call", dimensions };
}

const UNITS: readonly PriceUnit[] = [
  token("input_mtok", "input_tokens", input),
  token("cache_read_mtok", "cache_read_tokens", { ...input, token_type: "cache_read" }),
  token("cache_write_mtok", "cache_write_tokens", { ...input, token_type: "cache_write" }),
  token("cache_write_1h_mtok", "cache_write_1h_tokens", {
    ...input,
    token_type: "cache_write",
    cache_ttl: "1h",
  }),
  token("input_audio_mtok", "input_audio_tokens", { ...input, modality: "audio" }),
  token("input_image_mtok", "input_image_tokens", { ...input, modality: "image" }),
  token("input_video_mtok", "input_video_tokens", { ...input, modality: "video" }),
  token("cache_audio_read_mtok", "cache_audio_read_tokens", {
    ...input,
    modality: "audio",
    token_type: "cache_read",
  }),
  token("cache_image_read_mtok", "cache_image_read_tokens", {
    ...input,
    modality: "image",
    token_type: "cache_read",
  }),
  token("output_mtok", "output_tokens", output),
  token(
    "output_reasoning_mtok",
    "reasoning_tokens",
    { ...output, token_type: "reasoning" },
    "output_reasoning_tokens",
  ),
  token(
    "output_citation_mtok",
    "citation_tokens",
    { ...output, token_type: "citation" },
    "output_citation_tokens",
  ),
  token("output_audio_mtok", "output_audio_tokens", { ...output, modality: "audio" }),
  token("output_image_mtok", "output_image_tokens", { ...output, modality: "image" }),
  token("output_video_mtok", "output_video_tokens", { ...output, modality: "video" }),
  call("requests_kcount", "requests", { family: "requests" }),
  call("web_searches_kcount", "web_searches", { family: "tool_calls", tool_type: "web_search" }),
  call("storage_searches_kcount", "storage_searches", {
    family: "tool_calls",
    tool_type: "storage_search",
  }),
];

const BY_KEY = new Map(UNITS.map((unit) => [unit.key, unit]));

/** Every price key usage can be charged for. */
export const PRICE_UNITS: readonly PriceUnit[] = UNITS;

/** The unit of a catalog price key, or undefined for a key no usage count maps to. */
export function priceUnit(key: string): PriceUnit | undefined {
  return BY_KEY.get(key);
}

/** `part`'s quantity is counted inside `whole`'s (its dimensions extend whole's). */
export function isPartOf(part: PriceUnit, whole: PriceUnit): boolean {
  return (
    part !== whole &&
    Object.entries(whole.dimensions).every(([name, value]) => part.dimensions[name] === value)
  );
}

/** The two units' quantities may overlap: no dimension has different values in them. */
export function mayOverlap(a: PriceUnit, b: PriceUnit): boolean {
  return Object.entries(a.dimensions).every(
    ([name, value]) => b.dimensions[name] === undefined || b.dimensions[name] === value,
  );
}

/** The dimensions of the overlap of two units that may overlap. */
export function overlapDimensions(a: PriceUnit, b: PriceUnit): Record<string, string> {
  return { ...a.dimensions, ...b.dimensions };
}

export function sameDimensions(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Per unit, the units its quantity is counted in (computed once: pricing is a hot path). */
const WHOLES = new Map(
  UNITS.map((unit) => [unit.key, UNITS.filter((whole) => isPartOf(unit, whole))]),
);

/** The units `unit` is part of. */
export function wholesOf(unit: PriceUnit): readonly PriceUnit[] {
  return WHOLES.get(unit.key) ?? [];
}

const OVERLAPS = new Map<PriceUnit, Map<PriceUnit, string | null>>();
for (const a of UNITS) {
  const withA = new Map<PriceUnit, string | null>();
  for (const b of UNITS) {
    if (a === b || !mayOverlap(a, b)) continue;
    const dimensions = overlapDimensions(a, b);
    const join = UNITS.find((unit) => sameDimensions(unit.dimensions, dimensions));
    // A join outside this table (cached audio writes, say) is a price no usage reports.
    withA.set(b, join?.key ?? null);
  }
  OVERLAPS.set(a, withA);
}

/**
 * For two different units: undefined when their quantities cannot overlap; else the key
 * of the unit counting their overlap, or null when usage has no count for it.
 */
export function overlapKey(a: PriceUnit, b: PriceUnit): string | null | undefined {
  return OVERLAPS.get(a)?.get(b);
}
