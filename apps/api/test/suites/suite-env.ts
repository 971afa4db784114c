import type { TestApi } from "../harness";

/** What a test file hands its suites: the one server it started, set in its beforeAll. */
export interface SuiteEnv {
  api: TestApi;
}
