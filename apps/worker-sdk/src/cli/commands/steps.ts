import type { RouterOutputs, StepUsage } from "../../api-types.js";
import { recordStep } from "../../steps/record-step.js";
import type { Command } from "../command.js";
import { renderFields, renderTable, usd } from "../format.js";
import {
  optionalInteger,
  optionalJsonObject,
  optionalString,
  requiredInteger,
  requiredString,
} from "../option-values.js";

type StoredStep = RouterOutputs["steps"]["list"][number];
type UsageField = keyof StepUsage;

/** The optional usage counts, each an option: --cache-read-tokens sets cache_read_tokens. */
const USAGE_COUNTS: [UsageField, string][] = [
  ["cache_read_tokens", "part of input"],
  ["cache_write_tokens", "part of input"],
  ["cache_write_1h_tokens", "part of cache writes: those with a 1-hour lifetime"],
  ["reasoning_tokens", "part of output"],
  ["citation_tokens", "part of output (Perplexity)"],
  ["input_audio_tokens", "part of input"],
  ["input_image_tokens", "part of input"],
  ["input_video_tokens", "part of input"],
  ["cache_audio_read_tokens", "part of cache reads and of audio input"],
  ["cache_image_read_tokens", "part of cache reads and of image input"],
  ["output_audio_tokens", "part of output"],
  ["output_image_tokens", "part of output"],
  ["output_video_tokens", "part of output"],
  ["requests", "provider calls the step made (default 1)"],
  ["web_searches", "web searches the provider ran"],
  ["storage_searches", "file searches the provider ran"],
];

const optionOf = (field: UsageField) => field.replace(/_/g, "-");

export const stepsCommands: Command[] = [
  {
    name: "steps add",
    summary: "Record a step's usage in a run (once per step id)",
    args: ["run_id"],
    options: {
      name: { type: "string" },
      "step-id": { type: "string" },
      model: { type: "string" },
      "input-tokens": { type: "string" },
      "output-tokens": { type: "string" },
      ...Object.fromEntries(
        USAGE_COUNTS.map(([field]) => [optionOf(field), { type: "string" as const }]),
      ),
      "cost-usd": { type: "string" },
      "started-at": { type: "string" },
      "duration-ms": { type: "string" },
      "completed-at": { type: "string" },
      metadata: { type: "string" },
    },
    optionHelp: [
      "--name <step_name>          the step's name (required)",
      "--step-id <id>              stable id; <run_id>:<name> when left out",
      "--model <model>             e.g. gpt-4o or claude-sonnet-4-5; prices the step",
      "--input-tokens <n>          all prompt tokens, cached included (required)",
      "--output-tokens <n>         all completion tokens, reasoning included (required)",
      ...USAGE_COUNTS.map(([field, help]) => `--${optionOf(field)} <n>`.padEnd(29) + help),
      "--cost-usd <amount>         the provider's exact charge, if known",
      "--started-at <time>         when the step began (ISO time with a zone)",
      "--duration-ms <n>           how long it took, in milliseconds",
      "--completed-at <time>       when it ended, instead of --duration-ms",
      "--metadata <json>           your own JSON object about the step (at most 16 KB)",
    ],
    async run({ client, values, args: [runId = ""] }) {
      const command = "steps add";
      const count = (name: string) => optionalInteger(values, name, command);
      const stepId = optionalString(values, "step-id");
      const model = optionalString(values, "model");
      const costUsd = optionalString(values, "cost-usd");
      const startedAt = optionalString(values, "started-at");
      const durationMs = count("duration-ms");
      const completedAt = optionalString(values, "completed-at");
      const metadata = optionalJsonObject(values, "metadata", command);
      const counts: Partial<StepUsage> = {};
      for (const [field] of USAGE_COUNTS) {
        const value = count(optionOf(field));
        if (value !== undefined) counts[field] = value;
      }
      const recorded = await recordStep(client, runId, {
        stepName: requiredString(values, "name", command, "<step_name>"),
        ...(stepId === undefined ? {} : { stepId }),
        model: model ?? null,
        usage: {
          input_tokens: requiredInteger(values, "input-tokens", command),
          output_tokens: requiredInteger(values, "output-tokens", command),
          ...counts,
        },
        ...(costUsd === undefined ? {} : { costUsd }),
        ...(startedAt === undefined ? {} : { startedAt }),
        ...(durationMs === undefined ? {} : { durationMs }),
        ...(completedAt === undefined ? {} : { completedAt }),
        ...(metadata === undefined ? {} : { metadata }),
      });
      const { step, run } = recorded;
      const text = renderFields([
        ["step_id", step.step_id],
        ["step_name", step.step_name],
        ["model", step.model],
        ["tokens", step.tokens],
        ["cost", usd(step.cost)],
        [
          "cost_source",
          step.unpriced_reason ? `${step.cost_source} (${step.unpriced_reason})` : step.cost_source,
        ],
        ["started_at", step.started_at],
        ["duration", step.duration_ms == null ? null : `${step.duration_ms} ms`],
        ["metadata", step.metadata == null ? null : JSON.stringify(step.metadata)],
        ["late", step.late ? "yes: the run had already ended" : "no"],
        ["recorded", recorded.duplicate ? "already recorded: nothing counted twice" : "now"],
        ["run_total", `${run.total_tokens} tokens, ${usd(run.total_cost)} (${run.status})`],
      ]);
      return { data: recorded, text };
    },
  },
  {
    name: "steps list",
    summary: "List a run's steps with their costs",
    args: ["run_id"],
    async run({ client, args: [runId = ""] }) {
      const steps = await client.steps.list.query({ run_id: runId });
      const text = renderTable<StoredStep>(
        steps,
        [
          { header: "step_id", value: (step) => step.step_id },
          { header: "model", value: (step) => step.model },
          { header: "tokens", value: (step) => step.tokens, align: "right" },
          { header: "cost", value: (step) => usd(step.cost), align: "right" },
          { header: "source", value: (step) => step.cost_source },
          {
            header: "duration",
            value: (step) => (step.duration_ms == null ? null : `${step.duration_ms} ms`),
            align: "right",
          },
          { header: "recorded_at", value: (step) => step.recorded_at },
        ],
        "No steps recorded.",
      );
      return { data: steps, text };
    },
  },
];
