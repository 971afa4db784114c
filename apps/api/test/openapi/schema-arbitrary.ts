/**
 * JSON Schema (the subset our OpenAPI document uses: type, enum, pattern, min/maxLength,
 * minimum/maximum/exclusiveMaximum, properties/required/additionalProperties, minProperties,
 * items/minItems, anyOf) to fast-check arbitraries: values meant to satisfy a schema and values
 * meant to break it. Neither is trusted: the test classifies every request with ajv against the
 * document, so a generator that misses only costs coverage, never a false verdict.
 */
import fc from "fast-check";
import type { Schema } from "./schema-validator";

/** Realistic values for a property or parameter of this name (existing ids, real models). */
export type Realism = (name: string) => fc.Arbitrary<unknown> | undefined;

const asSchemas = (value: unknown): Schema[] => (Array.isArray(value) ? (value as Schema[]) : []);

/** A schema with one anyOf branch folded in (required lists are unioned). */
function withBranch(schema: Schema, branch: Schema): Schema {
  const { anyOf: _anyOf, ...rest } = schema;
  const required = [...asSchemas(rest.required), ...asSchemas(branch.required)];
  return { ...rest, ...branch, ...(required.length > 0 ? { required } : {}) };
}

const anchored = (pattern: string) => pattern.startsWith("^") && pattern.endsWith("$");

/** Mostly printable ASCII; sometimes any code point, a NUL or a lone surrogate. */
function text(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const short = Math.min(maxLength, minLength + 24);
  const odd = fc.constantFrom("\u0000", "\ud800", "\udfff", "é", "😀", " ", "\t");
  return fc.oneof(
    { weight: 8, arbitrary: fc.string({ minLength, maxLength: short }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength: short, unit: "binary" }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 4 }), odd, fc.string({ maxLength: 4 }))
        .map((parts) => parts.join(""))
        .filter((value) => value.length >= minLength && value.length <= maxLength),
    },
    { weight: 1, arbitrary: fc.string({ minLength: maxLength, maxLength }) },
  );
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? 64;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (typeof schema.pattern !== "string") return text(minLength, maxLength);
  const pattern = new RegExp(schema.pattern);
  if (anchored(schema.pattern)) return fc.stringMatching(pattern).filter(fits);
  return text(minLength, maxLength).filter((value) => pattern.test(value));
}

/** A safe integer in [min, max], small values and the bounds far more often than the rest. */
function boundedInteger(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 5000) }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 1, arbitrary: fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number) },
  );
}

function numberBounds(schema: Schema) {
  const min = (schema.minimum as number | undefined) ?? -1e9;
  const exclusiveMax = schema.exclusiveMaximum as number | undefined;
  const max = exclusiveMax ?? (schema.maximum as number | undefined) ?? 1e9;
  return { min, max, maxExcluded: exclusiveMax !== undefined };
}

function validNumber(schema: Schema): fc.Arbitrary<number> {
  const { min, max, maxExcluded } = numberBounds(schema);
  return fc.oneof(
    // Prices and costs the way people write them: a few decimal places.
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((n) => min + n / 10_000) },
    { weight: 1, arbitrary: fc.double({ min, max, maxExcluded, noNaN: true }) },
  );
}

const freeJson = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 4,
});

function validObject(schema: Schema, realism: Realism): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  if (Object.keys(properties).length === 0) return freeJson;
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    record[name] = validValue(property, realism, name);
  }
  const requiredKeys = (schema.required as string[] | undefined) ?? [];
  return fc.record(record, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

/** Values meant to satisfy `schema`; `name` picks a realistic value some of the time. */
export function validValue(schema: Schema, realism: Realism, name?: string): fc.Arbitrary<unknown> {
  const byName = name === undefined ? undefined : realism(name);
  const fromSchema = validBySchema(schema, realism);
  return byName ? fc.oneof({ weight: 3, arbitrary: byName }, fromSchema) : fromSchema;
}

function validBySchema(schema: Schema, realism: Realism): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = asSchemas(schema.anyOf);
  if (branches.length > 0) {
    return fc.oneof(
      ...branches.map((branch) => validBySchema(withBranch(schema, branch), realism)),
    );
  }
  switch (schema.type) {
    case "string":
      return validString(schema);
    case "integer":
      return boundedInteger(
        (schema.minimum as number | undefined) ?? -1e6,
        (schema.maximum as number | undefined) ?? 1e6,
      );
    case "number":
      return validNumber(schema);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(validBySchema((schema.items ?? {}) as Schema, realism), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.max(3, (schema.minItems as number | undefined) ?? 0),
      });
    case "object":
      return validObject(schema, realism);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

export { asSchemas, withBranch };
