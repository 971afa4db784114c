/**
 * Runs the verification part of docs/make-events-blueprint.json the way Make
 * would: the modules' mappings evaluated in order, each `{{...}}` by the Make
 * function it names (only those the blueprint uses; anything else fails the
 * test), then the router's filters. Make's functions are re-implemented here
 * from their documentation, e.g. `sha256(text; encoding; key; key encoding)`
 * is an HMAC-SHA256 when a key is given.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

interface Condition {
  a: string;
  o: string;
  b?: string;
}
export interface ScenarioModule {
  id: number;
  module: string;
  mapper: Record<string, unknown> | null;
  filter?: { name: string; conditions: Condition[][] };
  routes?: Array<{ flow: ScenarioModule[] }>;
  metadata: { designer: { name?: string } };
}
export interface Scenario {
  flow: ScenarioModule[];
}

export function readScenario(file: string): Scenario {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../../docs", file), "utf8"));
}

export function allModules(flow: ScenarioModule[]): ScenarioModule[] {
  return flow.flatMap((module) => [
    module,
    ...(module.routes ?? []).flatMap((route) => allModules(route.flow)),
  ]);
}

export interface IncomingRequest {
  headers: Record<string, string>;
  body: string;
  /** Make's `timestamp`: the Unix time in seconds when the scenario runs. */
  nowSeconds: number;
}

type Outputs = Map<number, Record<string, unknown>>;

function path(outputs: Outputs, reference: string): unknown {
  const [moduleId, ...keys] = reference.split(".");
  let value: unknown = outputs.get(Number(moduleId));
  if (value === undefined)
    throw new Error(`module ${moduleId} has not run before {{${reference}}}`);
  for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

const calls: Array<[RegExp, (outputs: Outputs, now: number, ...args: string[]) => unknown]> = [
  [/^(\d+\.[\w.]+)$/, (outputs, _now, reference = "") => path(outputs, reference)],
  [
    /^first\(map\((\d+\.__IMTHEADERS__); "value"; "name"; "([\w-]+)"\)\)$/,
    (outputs, _now, headers = "", name = "") =>
      (path(outputs, headers) as Array<{ name: string; value: string }>).find(
        (header) => header.name === name,
      )?.value,
  ],
  [
    /^sha256\((\d+\.\w+); "(base64|hex)"; replace\((\d+\.\w+); "whsec_"; ""\); "(base64|hex|text)"\)$/,
    (outputs, _now, text = "", encoding = "", key = "", keyEncoding = "") => {
      const keyText = String(path(outputs, key)).replace("whsec_", "");
      const keyBytes = Buffer.from(
        keyText,
        keyEncoding === "text" ? "utf8" : (keyEncoding as BufferEncoding),
      );
      return createHmac("sha256", keyBytes)
        .update(String(path(outputs, text)))
        .digest(encoding as "base64" | "hex");
    },
  ],
  [
    /^abs\(timestamp - parseNumber\((\d+\.\w+); "\."\)\)$/,
    (outputs, now, reference = "") =>
      Math.abs(now - Number.parseFloat(String(path(outputs, reference)))),
  ],
];

function call(expression: string, outputs: Outputs, now: number): unknown {
  for (const [pattern, evaluateCall] of calls) {
    const match = pattern.exec(expression);
    if (match) return evaluateCall(outputs, now, ...match.slice(1));
  }
  throw new Error(`no Make function here for {{${expression}}}`);
}

/** A mapped text: plain text with `{{...}}` parts; a lone `{{...}}` keeps its type. */
function mapped(text: string, outputs: Outputs, now: number): unknown {
  const lone = /^\{\{([^{}]+)\}\}$/.exec(text);
  if (lone) return call(lone[1] ?? "", outputs, now);
  return text.replace(/\{\{(.+?)\}\}/g, (_, expression: string) =>
    String(call(expression, outputs, now) ?? ""),
  );
}

const operators: Record<string, (a: unknown, b: unknown) => boolean> = {
  "text:equal": (a, b) => String(a) === String(b),
  "text:notequal": (a, b) => String(a) !== String(b),
  "text:contain": (a, b) => String(a).includes(String(b)),
  "text:notcontain": (a, b) => !String(a).includes(String(b)),
  "number:greater": (a, b) => Number(a) > Number(b),
  "number:lessorequal": (a, b) => Number(a) <= Number(b),
  "boolean:equal": (a, b) => String(a) === String(b),
  "boolean:notequal": (a, b) => String(a) !== String(b),
};

function passes(module: ScenarioModule, outputs: Outputs, now: number): boolean {
  if (!module.filter) return true;
  // Make's filters: OR over the outer array, AND within each inner one.
  return module.filter.conditions.some((all) =>
    all.every((condition) => {
      const operator = operators[condition.o];
      if (!operator) throw new Error(`no Make operator here for ${condition.o}`);
      return operator(mapped(condition.a, outputs, now), mapped(condition.b ?? "", outputs, now));
    }),
  );
}

/**
 * Runs the scenario on one request with the endpoint's secret pasted into the
 * module that holds it; answers the designer names of the modules that ran.
 */
export function runScenario(
  scenario: Scenario,
  request: IncomingRequest,
  secret: string,
): string[] {
  const outputs: Outputs = new Map();
  const ran: string[] = [];
  const run = (flow: ScenarioModule[]) => {
    for (const module of flow) {
      if (!passes(module, outputs, request.nowSeconds)) return;
      ran.push(module.metadata.designer.name ?? String(module.id));
      execute(module);
    }
  };
  const execute = (module: ScenarioModule) => {
    const mapper = module.mapper ?? {};
    if (module.module === "gateway:CustomWebHook") {
      // Get request headers and JSON pass-through on: the raw body as text, the headers as pairs.
      const headers = Object.entries(request.headers).map(([name, value]) => ({ name, value }));
      outputs.set(module.id, { value: request.body, __IMTHEADERS__: headers });
    } else if (module.module === "util:SetVariables") {
      // A module's variables cannot read each other: its outputs exist once all are made.
      const values: Record<string, unknown> = {};
      for (const variable of mapper.variables as Array<{ name: string; value: string }>) {
        values[variable.name] =
          variable.name === "webhook_secret"
            ? secret
            : mapped(variable.value, outputs, request.nowSeconds);
      }
      outputs.set(module.id, values);
    } else if (module.module === "json:ParseJSON") {
      outputs.set(
        module.id,
        JSON.parse(String(mapped(String(mapper.json), outputs, request.nowSeconds))),
      );
    } else if (module.module === "builtin:BasicRouter") {
      for (const route of module.routes ?? []) run(route.flow);
    }
  };
  run(scenario.flow);
  return ran;
}
