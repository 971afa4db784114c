import type { StepUsage } from "@columnline/worker-sdk";

/** What a provider call gives back: text, the model that answered, and its usage. */
export interface LlmAnswer {
  text: string;
  model: string;
  usage: StepUsage;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stands in for OpenAI: usage shaped like a chat completion for a lead
 * research prompt (prompt_tokens → input_tokens, cached_tokens → cache_read_tokens).
 */
export async function researchLead(leadUrl: string): Promise<LlmAnswer> {
  await pause(150);
  return {
    text: `Research notes for ${leadUrl}: 40 staff, hiring two SDRs, signal from a funding post.`,
    model: "gpt-4o",
    usage: { input_tokens: 3_412, cache_read_tokens: 1_024, output_tokens: 868 },
  };
}

/** Stands in for Anthropic: a dossier draft written from the research notes. */
export async function writeDossier(notes: string, fail: boolean): Promise<LlmAnswer> {
  await pause(200);
  if (fail) throw new Error("Anthropic API answered 529 overloaded_error three times");
  return {
    text: `Dossier: ${notes.slice(0, 60)}...`,
    model: "claude-sonnet-4-5",
    usage: { input_tokens: 5_230, cache_read_tokens: 2_048, output_tokens: 1_412 },
  };
}
