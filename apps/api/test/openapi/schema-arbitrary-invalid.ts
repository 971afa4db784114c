/**
 * Values meant to break a JSON Schema, each by one deliberate fault: a wrong type, a pattern,
 * length, enum or bound violated, a required property missing, an unknown property, an empty
 * PATCH body (minProperties). ajv has the last word on whether the result is really invalid.
 */
import fc from "fast-check";
import { asSchemas, type Realism, validValue, withBranch } from "./schema-arbitrary";
import type { Schema } from "./schema-validator";

const wrongTypes: Record<string, unknown[]> = {
  string: [42, true, null, {}, ["a"]],
  integer: ["12", 1.5, true, null, "ten"],
  number: ["ten", true, null, [1]],
  boolean: ["true", 1, null],
  object: ["{}", [], 7, null],
  array: ["a", {}, 3, null],
};

function faultyString(schema: Schema, realism: Realism): fc.Arbitrary<unknown>[] {
  const faults: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(schema.enum)) {
    const first = String(schema.enum[0]);
    faults.push(fc.constantFrom(first.toUpperCase(), `${first}x`, "", ` ${first}`));
  }
  if (typeof schema.minLength === "number" && schema.minLength > 0) faults.push(fc.constant(""));
  if (typeof schema.maxLength === "number") {
    faults.push(fc.constant("x".repeat(schema.maxLength + 1)));
  }
  if (typeof schema.pattern === "string") {
    const pattern = new RegExp(schema.pattern);
    const valid = validValue({ ...schema, enum: undefined }, realism) as fc.Arbitrary<string>;
    // Near misses: a valid value with one character too many, or a blank one.
    faults.push(
      valid.chain((value) =>
        fc.constantFrom(
          `${value}_1`,
          ` ${value}`,
          `${value}\n`,
          value.slice(1),
          value.toLowerCase(),
        ),
      ),
      fc.string({ maxLength: 12 }).filter((value) => !pattern.test(value)),
    );
  }
  return faults;
}

function faultyNumber(schema: Schema): fc.Arbitrary<unknown>[] {
  const faults: fc.Arbitrary<unknown>[] = [];
  if (typeof schema.minimum === "number") faults.push(fc.constant(schema.minimum - 1));
  if (typeof schema.maximum === "number") faults.push(fc.constant(schema.maximum + 1));
  if (typeof schema.exclusiveMaximum === "number")
    faults.push(fc.constant(schema.exclusiveMaximum));
  if (schema.type === "integer") {
    faults.push(fc.constant(((schema.minimum as number | undefined) ?? 0) + 0.5));
  }
  return faults;
}

function faultyObject(schema: Schema, realism: Realism): fc.Arbitrary<unknown>[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties);
  if (names.length === 0) return [];
  const valid = validValue(schema, realism) as fc.Arbitrary<Record<string, unknown>>;
  const faults: fc.Arbitrary<unknown>[] = [];
  const required = (schema.required as string[] | undefined) ?? [];
  if (required.length > 0) {
    faults.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, name]) => {
        const { [name]: _dropped, ...rest } = value;
        return rest;
      }),
    );
  }
  if (schema.additionalProperties === false) {
    faults.push(
      fc
        .tuple(valid, fc.constantFrom("unknown_field", "inputTokens", "id", "__proto__x"))
        .map(([value, name]) => ({ ...value, [name]: 1 })),
    );
  }
  if (typeof schema.minProperties === "number") faults.push(fc.constant({}));
  faults.push(
    fc
      .tuple(valid, fc.constantFrom(...names))
      .chain(([value, name]) =>
        invalidValue(properties[name] ?? {}, realism).map((bad) => ({ ...value, [name]: bad })),
      ),
  );
  return faults;
}

/** Values meant to break `schema` (one fault each). */
export function invalidValue(schema: Schema, realism: Realism): fc.Arbitrary<unknown> {
  const branches = asSchemas(schema.anyOf);
  if (branches.length > 0) {
    // Invalid for one branch; ajv drops those another branch still accepts.
    return fc.oneof(
      fc.constantFrom<unknown>(true, [], "not-a-value"),
      ...branches.map((branch) => invalidValue(withBranch(schema, branch), realism)),
    );
  }
  const type = typeof schema.type === "string" ? schema.type : "";
  const faults: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(...(wrongTypes[type] ?? ["any value: the schema has no type"])),
  ];
  if (type === "string") faults.push(...faultyString(schema, realism));
  if (type === "integer" || type === "number") faults.push(...faultyNumber(schema));
  if (type === "object") faults.push(...faultyObject(schema, realism));
  if (type === "array") {
    if (typeof schema.minItems === "number" && schema.minItems > 0) faults.push(fc.constant([]));
    faults.push(invalidValue((schema.items ?? {}) as Schema, realism).map((item) => [item]));
  }
  return fc.oneof(...faults);
}
