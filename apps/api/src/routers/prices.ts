import { z } from "zod";
import {
  endOverrideInput,
  listOverridesInput,
  overrideIdInput,
  overrideJsonSchema,
  priceLookupInput,
  priceLookupJsonSchema,
  putOverrideInput,
} from "../contract/price";
import {
  deleteOverrideCore,
  endOverrideCore,
  listOverridesCore,
  priceLookupCore,
  putOverrideCore,
} from "../core/prices-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

export const pricesRouter = createTRPCRouter({
  lookup: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        // By query: model names hold slashes (openai/gpt-4o), which OpenAPI path parameters
        // cannot carry, and a model called "overrides" would collide with /prices/overrides.
        path: "/prices",
        errors: ["NOT_FOUND"],
        // {model+} takes the rest of the path; kept for one release (issue 13).
        deprecatedPath: "/prices/{model+}",
        summary: "The unit prices that would price a step of ?model= now, or at ?at=",
        response: priceLookupJsonSchema,
      },
    })
    .input(priceLookupInput)
    .query(({ input, ctx }) => priceLookupCore(input, ctx)),

  putOverride: scopedProcedure("admin")
    .meta({
      rest: {
        method: "PUT",
        path: "/prices/overrides",
        errors: ["NOT_FOUND"],
        summary: "Set a price override (global, or for one client) from effective_from on",
        response: overrideJsonSchema,
      },
    })
    .input(putOverrideInput)
    .mutation(({ input, ctx }) => putOverrideCore(input, ctx)),

  listOverrides: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/prices/overrides",
        summary: "List price overrides",
        response: z.array(overrideJsonSchema),
      },
    })
    .input(listOverridesInput)
    .query(({ input, ctx }) => listOverridesCore(input, ctx)),

  endOverride: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/prices/overrides/{id}/end",
        errors: ["NOT_FOUND", "CONFLICT"],
        summary:
          "End a price override now (or at effective_until), keeping it so the steps it priced stay explained",
        response: overrideJsonSchema,
      },
    })
    .input(endOverrideInput)
    .mutation(({ input, ctx }) => endOverrideCore(input, ctx)),

  deleteOverride: scopedProcedure("admin")
    .meta({
      rest: {
        method: "DELETE",
        path: "/prices/overrides/{id}",
        errors: ["NOT_FOUND"],
        summary: "Delete a price override; steps already priced keep their cost",
        response: overrideJsonSchema,
      },
    })
    .input(overrideIdInput)
    .mutation(({ input, ctx }) => deleteOverrideCore(input, ctx)),
});
