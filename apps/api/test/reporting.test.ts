/** Analytics and prices over REST, and the typed tRPC client end to end. */
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe } from "vitest";
import { startTestApi } from "./harness";
import { analyticsSuite } from "./suites/analytics";
import { analyticsOverviewSuite } from "./suites/analytics-overview";
import { pricesSuite } from "./suites/prices";
import type { SuiteEnv } from "./suites/suite-env";
import { trpcSuite, trpcTransportSuite } from "./suites/trpc";

describe.each(testEngines())("reporting and the typed client (%s)", (engine) => {
  const env = {} as SuiteEnv;
  beforeAll(async () => {
    env.api = await startTestApi(engine);
  });
  afterAll(async () => {
    await env.api?.close();
  });

  analyticsSuite(env);
  analyticsOverviewSuite(env);
  pricesSuite(env);
  trpcSuite(env);
  trpcTransportSuite(env);
});
