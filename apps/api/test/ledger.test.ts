/** Clients, runs and their transitions, steps and their price components, a Make.com scenario and the reaper, over REST. */
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe } from "vitest";
import { startTestApi } from "./harness";
import { clientsSuite } from "./suites/clients";
import { makeScenarioSuite } from "./suites/make-scenario";
import { reaperSuite } from "./suites/reaper";
import { runsSuite } from "./suites/runs";
import { runsPageSuite } from "./suites/runs-page";
import { stepComponentsSuite } from "./suites/step-components";
import { stepTimingSuite } from "./suites/step-timing";
import { stepsSuite } from "./suites/steps";
import type { SuiteEnv } from "./suites/suite-env";

describe.each(testEngines())("the run ledger (%s)", (engine) => {
  const env = {} as SuiteEnv;
  beforeAll(async () => {
    env.api = await startTestApi(engine);
  });
  afterAll(async () => {
    await env.api?.close();
  });

  clientsSuite(env);
  runsSuite(env);
  runsPageSuite(env);
  stepsSuite(env);
  stepComponentsSuite(env);
  stepTimingSuite(env);
  makeScenarioSuite(env);
  // Last: it moves the clock past RUN_TIMEOUT and fails every run still open.
  reaperSuite(env);
});
