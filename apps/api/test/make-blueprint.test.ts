import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, freshRunId, startTestApi, type TestApi, uniqueToken } from "./harness";
import {
  allModules,
  httpRequest,
  moduleById,
  readBlueprint,
  referencedModules,
} from "./support/make-blueprint";

/** The fields of the API's answers these tests read. */
interface AnswerJson {
  status?: string;
  error_message?: string | null;
  step?: Record<string, unknown>;
  run?: { total_tokens: number };
}

const blueprint = readBlueprint("make-blueprint.json");
const CREATE_RUN = 3;
const RECORD_STEP = 5;
const COMPLETE_RUN = 6;

describe("docs/make-blueprint.json, as Make would import it", () => {
  const modules = allModules(blueprint.flow);

  it("numbers every module once and maps only from modules it has", () => {
    const ids = modules.map((module) => module.id);
    expect(new Set(ids).size).toBe(ids.length);
    const mapped = modules.flatMap((module) => referencedModules(JSON.stringify(module.mapper)));
    expect(mapped.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it("makes every time a step sends in a module of its own, before the call that sends it", () => {
    const order = blueprint.flow.map((module) => module.id);
    const stepBody = String(moduleById(blueprint, RECORD_STEP).mapper?.data);
    for (const field of ["started_at", "completed_at"]) {
      const [source] = referencedModules(stepBody.slice(stepBody.indexOf(`"${field}"`)));
      if (source === undefined) throw new Error(`the step body does not map ${field}`);
      expect(moduleById(blueprint, source).module).toBe("util:SetVariables");
      expect(order.indexOf(source)).toBeLessThan(order.indexOf(RECORD_STEP));
    }
  });

  it("treats every error status as an error in every HTTP module", () => {
    const http = modules.filter((module) => module.module.startsWith("http:"));
    expect(http.length).toBeGreaterThan(0);
    expect(http.filter((module) => module.parameters?.handleErrors !== true)).toEqual([]);
  });
});

describe.each(testEngines())("the blueprint's calls against the API (%s)", (engine) => {
  let api: TestApi;
  let clientId: string;
  beforeAll(async () => {
    api = await startTestApi(engine);
    clientId = `CLT_MAKE_${uniqueToken()}`;
    expect((await api.rest("POST", "/clients", { client_id: clientId, name: "Make" })).status).toBe(
      201,
    );
  });
  afterAll(() => api?.close());

  // Dossier ids are unique per run: each scenario run gets its own.
  let dossierCounter = 1000 + Math.floor(Math.random() * 8000);

  /** What the trigger, the variables and the OpenAI module hand on, for one scenario run. */
  function scenarioValues(runId: string): Record<string, string | number> {
    dossierCounter += 1;
    return {
      "2.api_url": api.url,
      "2.run_id": runId,
      "2.dossier_id": `DOSS_20260115_${dossierCounter}`,
      "1.client_id": clientId,
      "1.lead_url": "https://acme.example/lead",
      'replace(1.signal_description; """"; "\'")': "raised a 'Series B'",
      "15.started_at": "2026-01-15T18:12:06.250+00:00",
      "16.completed_at": "2026-01-15T18:12:09.000+00:00",
      "4.data.id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      "4.data.model": "gpt-4o-2024-08-06",
      "4.data.usage.prompt_tokens": 3412,
      "4.data.usage.completion_tokens": 868,
      "ifempty(4.data.usage.prompt_tokens_details.cached_tokens; 0)": 1024,
      'replace(error.message; """"; "\'")': "The operation timed out",
    };
  }

  async function send(moduleId: number, values: Record<string, string | number>) {
    const { method, url, body } = httpRequest(moduleById(blueprint, moduleId), values);
    const response = await fetch(url, {
      method,
      body,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    });
    return { status: response.status, json: (await response.json()) as AnswerJson };
  }

  it("records a run, its step with timing and metadata, and completes it", async () => {
    const values = scenarioValues(freshRunId());

    expect((await send(CREATE_RUN, values)).status).toBe(201);
    const step = await send(RECORD_STEP, values);
    expect(step.status).toBe(201);
    expect(step.json.step).toMatchObject({
      step_id: `${values["2.run_id"]}:research`,
      started_at: "2026-01-15T18:12:06.250Z",
      duration_ms: 2750,
      metadata: { source: "make.com", openai_response_id: values["4.data.id"] },
      usage: { input_tokens: 3412, output_tokens: 868, cache_read_tokens: 1024 },
    });
    const completed = await send(COMPLETE_RUN, values);
    expect([completed.status, completed.json.status]).toEqual([200, "completed"]);
  });

  it("counts a step once when Make retries the module with the same mapped values", async () => {
    const values = scenarioValues(freshRunId());
    expect((await send(CREATE_RUN, values)).status).toBe(201);

    const first = await send(RECORD_STEP, values);
    const retry = await send(RECORD_STEP, values);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.json.run?.total_tokens).toBe(first.json.run?.total_tokens);
  });

  it("fails the run from both error handlers with the error's message", async () => {
    const failModules = allModules(blueprint.flow).filter((module) =>
      String(module.mapper?.url ?? "").endsWith("/fail"),
    );
    expect(failModules).toHaveLength(2);
    for (const failModule of failModules) {
      const values = scenarioValues(freshRunId());
      expect((await send(CREATE_RUN, values)).status).toBe(201);
      const failed = await send(failModule.id, values);
      expect([failed.status, failed.json.status]).toEqual([200, "failed"]);
      expect(failed.json.error_message).toContain("The operation timed out");
    }
  });

  it("maps every expression of every API call, error handlers included", () => {
    const calls = allModules(blueprint.flow).filter((module) =>
      String(module.mapper?.url ?? "").startsWith("{{2.api_url}}"),
    );
    expect(calls.map((call) => call.id).sort()).toEqual(
      [CREATE_RUN, RECORD_STEP, COMPLETE_RUN, 9, 13].sort(),
    );
    for (const call of calls) {
      expect(() => httpRequest(call, scenarioValues("RUN_20260115_181206"))).not.toThrow();
    }
  });
});
