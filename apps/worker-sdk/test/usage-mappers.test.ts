import { describe, expect, expectTypeOf, it } from "vitest";
import {
  costFromOpenRouter,
  detectProvider,
  type RunScope,
  stepFromResponse,
  usageFromAnthropic,
  usageFromGemini,
  usageFromOpenAI,
  usageFromOpenRouter,
} from "../src/index.js";
import {
  anthropicMessage,
  geminiMultimodalResponse,
  geminiResponse,
  openAIChatAudioReasoning,
  openAIChatCompletion,
  openAIResponse,
  openRouterByokCompletion,
  openRouterCompletion,
} from "./fixtures/provider-responses.js";

describe("usageFromOpenAI", () => {
  it("maps a Chat Completion: prompt and completion tokens, cached reads as a part of input", () => {
    expect(usageFromOpenAI(openAIChatCompletion)).toEqual({
      input_tokens: 2006,
      cache_read_tokens: 1920,
      input_audio_tokens: 0,
      output_tokens: 300,
      reasoning_tokens: 0,
      output_audio_tokens: 0,
    });
  });

  it("maps audio in and out and reasoning as parts, leaving prediction tokens in output", () => {
    expect(usageFromOpenAI(openAIChatAudioReasoning)).toEqual({
      input_tokens: 1500,
      cache_read_tokens: 256,
      input_audio_tokens: 700,
      output_tokens: 900,
      reasoning_tokens: 128,
      output_audio_tokens: 600,
    });
  });

  it("maps a Responses API response, counting its web and file search calls", () => {
    expect(usageFromOpenAI(openAIResponse)).toEqual({
      input_tokens: 3280,
      cache_read_tokens: 2048,
      output_tokens: 1052,
      reasoning_tokens: 832,
      web_searches: 2,
      storage_searches: 1,
    });
  });

  it("takes the usage object alone, of either API", () => {
    expect(usageFromOpenAI(openAIChatCompletion.usage)).toEqual(
      usageFromOpenAI(openAIChatCompletion),
    );
    const { web_searches, storage_searches, ...tokens } = usageFromOpenAI(openAIResponse);
    expect([web_searches, storage_searches]).toEqual([2, 1]);
    expect(usageFromOpenAI(openAIResponse.usage)).toEqual(tokens);
  });

  it("maps the Realtime API's audio and image details, cached ones included", () => {
    const realtime = {
      input_tokens: 5000,
      output_tokens: 800,
      input_token_details: {
        cached_tokens: 1200,
        text_tokens: 1000,
        audio_tokens: 3000,
        image_tokens: 1000,
        cached_tokens_details: { text_tokens: 200, audio_tokens: 700, image_tokens: 300 },
      },
      output_token_details: { text_tokens: 200, audio_tokens: 600 },
    };
    expect(usageFromOpenAI(realtime)).toEqual({
      input_tokens: 5000,
      cache_read_tokens: 1200,
      input_audio_tokens: 3000,
      input_image_tokens: 1000,
      cache_audio_read_tokens: 700,
      cache_image_read_tokens: 300,
      output_tokens: 800,
      output_audio_tokens: 600,
    });
  });

  it("maps a Perplexity chat completion: reasoning and citations beside completion_tokens, searches", () => {
    const sonar = {
      model: "sonar-deep-research",
      usage: {
        prompt_tokens: 19,
        completion_tokens: 498,
        total_tokens: 517,
        citation_tokens: 7163,
        num_search_queries: 18,
        reasoning_tokens: 73997,
        search_context_size: "low",
        cost: { input_tokens_cost: 0, output_tokens_cost: 0.004, total_cost: 0.5 },
      },
    };
    expect(detectProvider(sonar)).toBe("openai");
    expect(usageFromOpenAI(sonar)).toEqual({
      input_tokens: 19,
      output_tokens: 81658, // 498 + 73,997 + 7,163
      reasoning_tokens: 73997,
      citation_tokens: 7163,
      web_searches: 18,
    });
  });

  it("leaves out what the response leaves out rather than inventing zeros", () => {
    expect(usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 5 })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
    });
    expect(
      usageFromOpenAI({
        model: "gpt-4o",
        usage: { input_tokens: 10, output_tokens: 5 },
        output: [],
      }),
    ).toEqual({ input_tokens: 10, output_tokens: 5 });
  });

  it("passes inconsistent counts through unclamped, for the API to refuse", () => {
    const usage = {
      prompt_tokens: 100,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 150 },
    };
    expect(usageFromOpenAI(usage)).toMatchObject({ input_tokens: 100, cache_read_tokens: 150 });
  });

  it("throws a TypeError naming the provider's field for a missing usage or a count that is not one", () => {
    expect(() => usageFromOpenAI({ model: "gpt-4o", usage: null })).toThrow(
      /usageFromOpenAI: the response has no usage/,
    );
    expect(() =>
      usageFromOpenAI({
        ...openAIChatCompletion.usage,
        prompt_tokens_details: { cached_tokens: -1 },
      }),
    ).toThrow(
      new TypeError(
        "usageFromOpenAI: usage.prompt_tokens_details.cached_tokens must be a non-negative integer, got -1",
      ),
    );
    // A plain-JS caller's missing required count.
    const noCompletion: unknown = { prompt_tokens: 10 };
    expect(() =>
      usageFromOpenAI(noCompletion as { prompt_tokens: number; completion_tokens: number }),
    ).toThrow("usageFromOpenAI: the response has no usage.completion_tokens");
  });
});

describe("usageFromAnthropic", () => {
  it("adds cache reads and writes to Anthropic's uncached input; 1-hour writes are a part of the writes", () => {
    expect(usageFromAnthropic(anthropicMessage)).toEqual({
      input_tokens: 13050, // 50 uncached + 10,000 read + 3,000 written
      cache_read_tokens: 10000,
      cache_write_tokens: 3000,
      cache_write_1h_tokens: 2000,
      output_tokens: 400,
      web_searches: 2,
    });
  });

  it("takes the usage object alone and tolerates a usage without caching (the SDK's nulls too)", () => {
    expect(usageFromAnthropic(anthropicMessage.usage)).toEqual(
      usageFromAnthropic(anthropicMessage),
    );
    expect(
      usageFromAnthropic({
        input_tokens: 12,
        output_tokens: 7,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        cache_creation: null,
        server_tool_use: null,
      }),
    ).toEqual({ input_tokens: 12, output_tokens: 7 });
  });

  it("sums the 5-minute and 1-hour breakdown when the total is missing", () => {
    expect(
      usageFromAnthropic({
        input_tokens: 10,
        output_tokens: 1,
        cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 20 },
      }),
    ).toEqual({
      input_tokens: 60,
      cache_write_tokens: 50,
      cache_write_1h_tokens: 20,
      output_tokens: 1,
    });
  });

  it("passes a 1-hour count above the writes through, and names a bad count", () => {
    expect(
      usageFromAnthropic({
        input_tokens: 10,
        output_tokens: 1,
        cache_creation_input_tokens: 5,
        cache_creation: { ephemeral_1h_input_tokens: 8 },
      }),
    ).toMatchObject({ cache_write_tokens: 5, cache_write_1h_tokens: 8 });
    expect(() => usageFromAnthropic({ input_tokens: 1.5, output_tokens: 1 })).toThrow(
      "usageFromAnthropic: usage.input_tokens must be a non-negative integer, got 1.5",
    );
  });
});

describe("usageFromGemini", () => {
  it("maps usageMetadata: thoughts are reasoning and output, cached content a part of input, audio by modality", () => {
    expect(usageFromGemini(geminiResponse)).toEqual({
      input_tokens: 1600,
      cache_read_tokens: 1000,
      input_audio_tokens: 600,
      cache_audio_read_tokens: 200,
      output_tokens: 700, // 200 candidates + 500 thoughts
      reasoning_tokens: 500,
    });
  });

  it("maps every modality, documents as images, and adds the tool-use prompt to input", () => {
    expect(usageFromGemini(geminiMultimodalResponse)).toEqual({
      input_tokens: 5300,
      cache_read_tokens: 2100,
      input_audio_tokens: 900,
      input_image_tokens: 1810, // 1,032 image + 768 document + 10 of the tool-use prompt
      input_video_tokens: 1300,
      cache_audio_read_tokens: 300,
      cache_image_read_tokens: 500,
      output_tokens: 1390,
      output_image_tokens: 1290,
    });
  });

  it("takes usageMetadata alone; counts Gemini leaves out (its zeros) are 0 in the totals", () => {
    expect(usageFromGemini(geminiResponse.usageMetadata)).toEqual(usageFromGemini(geminiResponse));
    expect(
      usageFromGemini({
        modelVersion: "gemini-2.5-flash",
        usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
      }),
    ).toEqual({
      input_tokens: 8,
      output_tokens: 0,
    });
  });

  it("refuses a response without usageMetadata rather than inventing zeros", () => {
    expect(() => usageFromGemini({ modelVersion: "gemini-2.5-flash" })).toThrow(
      "usageFromGemini: the response has no usageMetadata",
    );
    expect(() =>
      usageFromGemini({
        usageMetadata: {
          promptTokenCount: 8,
          promptTokensDetails: [{ modality: "AUDIO", tokenCount: -2 }],
        },
      }),
    ).toThrow("usageMetadata.promptTokensDetails[0].tokenCount must be a non-negative integer");
  });
});

describe("usageFromOpenRouter and costFromOpenRouter", () => {
  it("maps the Chat Completions usage with its cache writes, and answers the cost charged", () => {
    expect(usageFromOpenRouter(openRouterCompletion)).toEqual({
      input_tokens: 194,
      cache_read_tokens: 64,
      cache_write_tokens: 100,
      input_audio_tokens: 0,
      output_tokens: 20,
      reasoning_tokens: 8,
    });
    expect(costFromOpenRouter(openRouterCompletion)).toBe(0.00123);
    expect(costFromOpenRouter(openRouterCompletion.usage)).toBe(0.00123);
  });

  it("adds the provider's charge to OpenRouter's fee with your own key, and answers null without it", () => {
    expect(costFromOpenRouter(openRouterByokCompletion)).toBe(0.0021);
    expect(
      costFromOpenRouter({
        ...openRouterByokCompletion,
        usage: { ...openRouterByokCompletion.usage, cost_details: null },
      }),
    ).toBeNull();
    expect(costFromOpenRouter({ usage: { prompt_tokens: 1, completion_tokens: 1 } })).toBeNull();
  });
});

describe("detectProvider and stepFromResponse", () => {
  it("tells each provider's response by the keys only it uses", () => {
    expect(
      [
        openAIChatCompletion,
        openAIResponse,
        anthropicMessage,
        geminiResponse,
        openRouterCompletion,
        {
          type: "message",
          model: "claude-haiku-4-5",
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      ].map(detectProvider),
    ).toEqual(["openai", "openai", "anthropic", "gemini", "openrouter", "anthropic"]);
  });

  it("cannot tell a bare input/output usage apart (OpenAI and Anthropic count input differently)", () => {
    const bare = { model: "x", usage: { input_tokens: 10, output_tokens: 5 } };
    expect(detectProvider(bare)).toBeNull();
    expect(() => stepFromResponse(bare)).toThrow(
      'pass { provider: "openai" | "anthropic" | "gemini" | "openrouter", response }',
    );
    expect(stepFromResponse(bare, "anthropic").usage).toEqual({
      input_tokens: 10,
      output_tokens: 5,
    });
  });

  it("answers each response's model, usage and, for OpenRouter, its cost", () => {
    expect(stepFromResponse(geminiResponse)).toEqual({
      model: "gemini-2.5-flash",
      usage: usageFromGemini(geminiResponse),
      costUsd: null,
    });
    expect(stepFromResponse(anthropicMessage)).toMatchObject({
      model: "claude-sonnet-4-5-20250929",
      costUsd: null,
    });
    expect(stepFromResponse(openRouterCompletion)).toEqual({
      model: "openai/gpt-4o",
      usage: usageFromOpenRouter(openRouterCompletion),
      costUsd: 0.00123,
    });
  });
});

describe("scope.step's types", () => {
  it("answers a provider response as itself, and keeps a step outcome's usage checked", () => {
    const typed = (step: RunScope["step"]) => {
      const fromResponse = step("research", openAIChatCompletion);
      const fromBody = step("write", async () => anthropicMessage);
      const fromCall = step("summarize", { provider: "gemini", response: geminiResponse });
      const fromOutcome = step("plan", async () => ({ result: 42, response: geminiResponse }));
      // @ts-expect-error an outcome's usage is the API's, not OpenAI's
      step("bad", async () => ({ result: 1, usage: { prompt_tokens: 1, completion_tokens: 1 } }));
      return { fromResponse, fromBody, fromCall, fromOutcome };
    };
    expectTypeOf(typed).returns.toEqualTypeOf<{
      fromResponse: Promise<typeof openAIChatCompletion>;
      fromBody: Promise<typeof anthropicMessage>;
      fromCall: Promise<typeof geminiResponse>;
      fromOutcome: Promise<number>;
    }>();
  });
});
