/**
 * Reads a Make.com blueprint in docs/ the way Make would run it: modules in
 * order (routes and error handlers included), and the `{{...}}` mappings of a
 * module evaluated from a table of values, one per expression. An expression
 * the table does not know fails the test, so a changed mapping must be looked at.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export interface BlueprintFilterCondition {
  a: string;
  o: string;
  b?: string;
}

export interface BlueprintModule {
  id: number;
  module: string;
  parameters?: Record<string, unknown>;
  mapper: Record<string, unknown> | null;
  filter?: { name: string; conditions: BlueprintFilterCondition[][] };
  routes?: Array<{ flow: BlueprintModule[] }>;
  onerror?: BlueprintModule[];
  metadata: { designer: { name?: string } };
}

export interface Blueprint {
  name: string;
  flow: BlueprintModule[];
  metadata: Record<string, unknown>;
}

export function readBlueprint(file: string): Blueprint {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../../docs", file), "utf8"));
}

/** Every module, depth first, error handlers and routes included. */
export function allModules(flow: BlueprintModule[]): BlueprintModule[] {
  return flow.flatMap((module) => [
    module,
    ...(module.routes ?? []).flatMap((route) => allModules(route.flow)),
    ...allModules(module.onerror ?? []),
  ]);
}

export function moduleById(blueprint: Blueprint, id: number): BlueprintModule {
  const found = allModules(blueprint.flow).find((module) => module.id === id);
  if (found === undefined) throw new Error(`the blueprint has no module ${id}`);
  return found;
}

/** Replaces each `{{expression}}` in text with its value from the table. */
export function evaluate(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{\{(.+?)\}\}/g, (_, expression: string) => {
    const value = values[expression];
    if (value === undefined) throw new Error(`no test value for {{${expression}}}`);
    return String(value);
  });
}

/** The `{{N.` module numbers a text maps from. */
export function referencedModules(text: string): number[] {
  return [...text.matchAll(/\{\{[^}]*?\b(\d+)\./g)].map((match) => Number(match[1]));
}

/** An HTTP module's request, evaluated: the method, the URL and the raw body. */
export function httpRequest(
  module: BlueprintModule,
  values: Readonly<Record<string, string | number>>,
): { method: string; url: string; body: string } {
  const mapper = module.mapper ?? {};
  return {
    method: String(mapper.method).toUpperCase(),
    url: evaluate(String(mapper.url), values),
    body: evaluate(String(mapper.data), values),
  };
}
