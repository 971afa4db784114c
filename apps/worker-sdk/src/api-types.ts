import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./app-router.js";

/** Every procedure's input, as `RouterInputs["runs"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, as `RouterOutputs["runs"]["get"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** A run as the API returns it: snake_case fields, money as decimal strings. */
export type Run = RouterOutputs["runs"]["get"];
export type RunStatus = Run["status"];
export type TriggeredBy = NonNullable<RouterInputs["runs"]["create"]["triggered_by"]>;
/** A step's token counts, as the API takes them (the cache and reasoning counts are optional). */
export type StepUsage = RouterInputs["steps"]["record"]["usage"];
/** What recording a step answers: the step as stored, the run's new totals, and whether it was a repeat. */
export type RecordedStep = RouterOutputs["steps"]["record"];
/** A budget as the API returns it: its settings, and the current period's spend and forecast. */
export type Budget = RouterOutputs["budgets"]["get"];
