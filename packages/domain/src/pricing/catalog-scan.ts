import {
  findProvider,
  type MatchLogic,
  type ModelInfo,
  type Provider,
} from "@pydantic/genai-prices";

/**
 * Every provider id in genai-prices 0.1.8's bundled data, in its order. The library looks
 * a bare name up only among providers with name patterns (provider_match/model_match), so
 * models of the others (perplexity's sonar, groq's llama-3.3-70b-versatile, aws's Bedrock
 * ids) are reachable only by scanning providers by id. The list is pinned with the
 * version; test/pricing/catalog-scan.test.ts checks it against the data.
 */
export const CATALOG_PROVIDER_IDS = [
  "anthropic",
  "arcee",
  "avian",
  "aws",
  "azure",
  "baseten",
  "cerebras",
  "cloudflare",
  "cohere",
  "cursor",
  "deepseek",
  "doubleword",
  "fireworks",
  "github-copilot",
  "google",
  "groq",
  "huggingface_cerebras",
  "huggingface_fireworks-ai",
  "huggingface_groq",
  "huggingface_hyperbolic",
  "huggingface_nebius",
  "huggingface_novita",
  "huggingface_nscale",
  "huggingface_ovhcloud",
  "huggingface_publicai",
  "huggingface_sambanova",
  "huggingface_together",
  "minimax",
  "mistral",
  "modal",
  "moonshotai",
  "novita",
  "openai",
  "openrouter",
  "ovhcloud",
  "perplexity",
  "quicksilverpro",
  "together",
  "typesafe",
  "voyageai",
  "x-ai",
  "zai",
  "zhipuai",
] as const;

let providers: Provider[] | null = null;

/** The catalog's providers, each without its fallback providers (its own models only). */
function ownModelProviders(): Provider[] {
  providers ??= CATALOG_PROVIDER_IDS.flatMap((id) => {
    const provider = findProvider({ providerId: id });
    return provider?.id === id ? [{ ...provider, fallback_model_providers: undefined }] : [];
  });
  return providers;
}

export interface ScanCandidate {
  provider: Provider;
  model: ModelInfo;
}

const compiled = new Map<string, RegExp>();

/**
 * genai-prices 0.1.8's match logic (its calcPrice is too slow to run per provider for
 * every unknown name): case-insensitive except regex, which is tested as written. The
 * chosen candidate is re-matched by calcPrice itself, so a difference could only lose a
 * candidate, never price the wrong model.
 */
function matches(logic: MatchLogic, name: string): boolean {
  if ("or" in logic) return logic.or.some((inner) => matches(inner, name));
  if ("and" in logic) return logic.and.every((inner) => matches(inner, name));
  if ("equals" in logic) return name === logic.equals.toLowerCase();
  if ("starts_with" in logic) return name.startsWith(logic.starts_with.toLowerCase());
  if ("ends_with" in logic) return name.endsWith(logic.ends_with.toLowerCase());
  if ("contains" in logic) return name.includes(logic.contains.toLowerCase());
  let regex = compiled.get(logic.regex);
  if (regex === undefined) {
    regex = new RegExp(logic.regex);
    compiled.set(logic.regex, regex);
  }
  return regex.test(name);
}

const COMPACT_DATE = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/** The library's second try: "-20240620" spelled "-2024-06-20" (real dates only). */
function withDashedDates(name: string): string {
  return name.replace(COMPACT_DATE, (whole, dash: string, y: string, m: string, d: string) => {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    const real =
      date.getUTCFullYear() === Number(y) &&
      date.getUTCMonth() === Number(m) - 1 &&
      date.getUTCDate() === Number(d);
    return real ? `${dash}${y}-${m}-${d}` : whole;
  });
}

/** Every provider's first own model whose match logic accepts the (lowercased) name. */
function candidatesFor(name: string): ScanCandidate[] {
  const dashed = withDashedDates(name);
  const found: ScanCandidate[] = [];
  for (const provider of ownModelProviders()) {
    const model =
      provider.models.find((candidate) => matches(candidate.match, name)) ??
      (dashed === name
        ? undefined
        : provider.models.find((candidate) => matches(candidate.match, dashed)));
    if (model !== undefined) found.push({ provider, model });
  }
  return found;
}

const SEGMENT_SEPARATOR = /[./:]/;

/**
 * Who makes the named model, as far as the name tells: the provider genai-prices
 * associates with it by its model patterns (claude → anthropic), and every leading
 * segment of the name ("anthropic" in anthropic.claude-..., "us" and "anthropic" in
 * us.anthropic.claude-...).
 */
function makersOf(name: string): string[] {
  const makers = name.split(SEGMENT_SEPARATOR).slice(0, -1);
  const guessed = findProvider({ modelId: name })?.id;
  if (guessed !== undefined) makers.push(guessed);
  return [...new Set(makers.filter((maker) => maker !== ""))];
}

/** 2: the provider is the maker; 1: its model id names the maker; 0: neither. */
function makerRank(candidate: ScanCandidate, makers: readonly string[]): [number, string] {
  const byProvider = makers.find((maker) => candidate.provider.id === maker);
  if (byProvider !== undefined) return [2, `${byProvider} makes it`];
  const segments = candidate.model.id.toLowerCase().split(SEGMENT_SEPARATOR);
  const named = makers.find((maker) => segments.includes(maker));
  if (named !== undefined) {
    return [
      1,
      `its maker is ${named}, and ${candidate.provider.id}'s model id ${candidate.model.id} names it`,
    ];
  }
  return [0, ""];
}

const label = ({ provider, model }: ScanCandidate) => `${provider.id}/${model.id}`;

export type ScanResult =
  | { found: true; chosen: ScanCandidate; candidates: string[]; reason?: string }
  | { found: false; candidates: string[] };

/**
 * Finds a name among every provider's models. One match is the answer; among several,
 * the one of the model's own maker (an anthropic.* name is Anthropic's model: its own
 * provider if it serves the name, else the provider whose model id says anthropic).
 * Several equally good matches are not guessed between: the name is ambiguous.
 */
export function scanCatalog(name: string): ScanResult {
  const candidates = candidatesFor(name);
  const labels = candidates.map(label);
  const [only] = candidates;
  if (only === undefined) return { found: false, candidates: [] };
  if (candidates.length === 1) return { found: true, chosen: only, candidates: labels };

  const makers = makersOf(name);
  const ranked = candidates
    .map((candidate) => ({ candidate, rank: makerRank(candidate, makers) }))
    .sort((a, b) => b.rank[0] - a.rank[0]);
  const [best, second] = ranked;
  if (!best || best.rank[0] === 0 || (second && second.rank[0] === best.rank[0])) {
    return { found: false, candidates: labels };
  }
  const chosen = label(best.candidate);
  return {
    found: true,
    chosen: best.candidate,
    candidates: [chosen, ...labels.filter((other) => other !== chosen)],
    reason: `${candidates.length} providers match; ${best.rank[1]}`,
  };
}
