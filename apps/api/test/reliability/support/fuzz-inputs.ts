/**
 * fast-check arbitraries for hostile HTTP requests to the REST routes: malformed JSON, wrong
 * types, huge and odd numbers, oversized bodies, deep nesting, odd Unicode, SQL-looking text,
 * missing and extra fields, wrong content types, odd path and query values.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";

/** JSON text spliced in verbatim where JSON.stringify could not say it (1e309, -0, ...). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes RawJson values verbatim. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`,
    );
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const deepObject = (depth: number): unknown => {
  let value: unknown = { leaf: true };
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};
const deepArray = (depth: number): unknown => {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
};
const wideObject = (keys: number) =>
  Object.fromEntries(Array.from({ length: keys }, (_, index) => [`k${index}`, index]));

const ODD_NUMBERS: unknown[] = [
  new RawJson("1e309"),
  new RawJson("-1e309"),
  new RawJson("1e-400"),
  new RawJson("-0"),
  new RawJson("9007199254740993"),
  new RawJson("123456789012345678901234567890"),
  new RawJson("1E2"),
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 63,
  -1,
  0,
  0.5,
  1.5,
  -0.0001,
  0.1 + 0.2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1",
  "0x10",
  "1_000",
  " 42 ",
  "4e2",
  "00042",
  "9999999999999999999999.99999999999",
  "0.00000000001",
];

const ODD_STRINGS: string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83d",
  "🙂",
  "\u202eevil",
  "Ω≈ç√∫˜µ≤≥÷",
  "ǅ̸̡̢̛̗̘̙̜̝̞̟̠",
  "\ufeff",
  "' OR '1'='1",
  "'; DROP TABLE v2_runs; --",
  '") OR 1=1 --',
  "1; SELECT pg_sleep(10)",
  "$1",
  "%s%s%n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection bait, on purpose
  "${7*7}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "null",
  "undefined",
  "true",
  "RUN_20261345_256000",
  "RUN_99991231_235959_999999",
  "DOSS_20260115_0000",
  `CLT_${"A".repeat(65)}`,
  "x".repeat(5_000),
  "\r\n",
  "\\",
  '"',
  "{}",
  "[]",
  "__proto__",
  "constructor",
];

const STRUCTURES: unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [1, "a", null],
  { nested: { deeper: [true] } },
  deepObject(33),
  deepObject(300),
  deepArray(200),
  wideObject(3_000),
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

/** Any text: every code point, lone surrogates, NUL and SQL punctuation. */
export const anyText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: loneSurrogate },
    { weight: 1, arbitrary: fc.constantFrom("\u0000", "'", '"', ";", "--", "%", "\\", "/", "?") },
  ),
  maxLength: 40,
});

/** A hostile JSON value. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_NUMBERS) },
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...STRUCTURES) },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const MALFORMED_JSON = [
  "{",
  "[",
  "nul",
  "{'a': 1}",
  '{"a": 1,}',
  '{"a": 1}garbage',
  '{"a": 1}{"b": 2}',
  "\ufeff{}",
  '{"a": "\\ud800"}',
  '{"a": "\\u0000"}',
  '{"a": "\\x00"}',
  '{"a": NaN}',
  '{"a": Infinity}',
  '{"a": undefined}',
  '{"a": 0x10}',
  '{"a": 01}',
  '{"a": .5}',
  '{"a": +1}',
  "[".repeat(100_000) + "]".repeat(100_000),
  `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`,
  "\u0000",
  " ",
  "💩",
];

export type BodySpec =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "oversized"; declared: boolean };

/** How a base body gets mangled. */
type Mutation =
  | { type: "drop"; field: number }
  | { type: "extra"; name: string; value: unknown }
  | { type: "set"; field: number; value: unknown }
  | { type: "nested"; field: number; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant("drop" as const), field: fc.nat() }),
  fc.record({
    type: fc.constant("extra" as const),
    name: fc.oneof(anyText, fc.constantFrom("run_id", "id", "total_tokens", "__proto__", "admin")),
    value: nastyValue,
  }),
  fc.record({ type: fc.constant("set" as const), field: fc.nat(), value: nastyValue }),
  fc.record({ type: fc.constant("nested" as const), field: fc.nat(), value: nastyValue }),
);

function applyMutations(base: Record<string, unknown>, mutations: Mutation[]) {
  const body: Record<string, unknown> = structuredClone(base);
  for (const change of mutations) {
    const fields = Object.keys(body);
    const field =
      fields.length > 0
        ? fields[("field" in change ? change.field : 0) % fields.length]
        : undefined;
    if (change.type === "drop" && field !== undefined) delete body[field];
    else if (change.type === "extra") body[change.name] = change.value;
    else if (change.type === "set" && field !== undefined) body[field] = change.value;
    else if (change.type === "nested" && field !== undefined) {
      // Inside usage / seed_data / config: a wrong or odd member one level down.
      const inner = body[field];
      if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
        const innerFields = Object.keys(inner);
        const name = innerFields.length > 0 ? innerFields[change.field % innerFields.length] : "x";
        body[field] = { ...inner, [name ?? "x"]: change.value };
      } else body[field] = { [field]: change.value };
    }
  }
  return body;
}

/** The body of a write: the route's valid example, mangled; or something that is no object at all. */
export function bodyArbitrary(base: Record<string, unknown> | null): fc.Arbitrary<BodySpec> {
  const example = base ?? {};
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .array(mutation, { minLength: 1, maxLength: 3 })
        .map(
          (mutations): BodySpec => ({ kind: "json", value: applyMutations(example, mutations) }),
        ),
    },
    { weight: 2, arbitrary: fc.constant<BodySpec>({ kind: "json", value: example }) },
    { weight: 2, arbitrary: nastyValue.map((value): BodySpec => ({ kind: "json", value })) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...MALFORMED_JSON)
        .map((text): BodySpec => ({ kind: "text", text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes): BodySpec => ({ kind: "bytes", bytes })),
    },
    { weight: 1, arbitrary: fc.constant<BodySpec>({ kind: "none" }) },
    {
      weight: 1,
      arbitrary: fc.boolean().map((declared): BodySpec => ({ kind: "oversized", declared })),
    },
  );
}

export const contentTypeArbitrary: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 10, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      null,
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz",
      "application/json; charset=utf-16",
      "application/problem+json",
      "APPLICATION/JSON",
      "application/jsonp",
      "application/xml",
      "*/*",
      "",
    ),
  },
);

/**
 * encodeURIComponent, except that a lone surrogate (which has no UTF-8 form) is written as the
 * three bytes a naive encoder would produce (%ED%A0%80): invalid UTF-8 the server must refuse.
 */
export function encodeSegment(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** A path segment: usually a real or well-formed one, else anything (percent-encoded or raw). */
export function pathValueArbitrary(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid).map(encodeSegment) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...ODD_STRINGS.filter((text) => text !== "")),
          anyText.filter((text) => text !== ""),
        )
        .map(encodeSegment),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "%ZZ",
        "%E0%A4%A",
        "%F0%28%8C%28",
        "%ED%A0%80",
        "%00",
        "..%2F..%2F",
        "a%2Fb",
        randomUUID().toUpperCase(),
        "%20",
      ),
    },
  );
}

/** Query parameters: known names with odd values, and unknown names. */
export function queryArbitrary(known: string[]): fc.Arbitrary<[string, string][]> {
  const value = fc.oneof(
    fc.constantFrom(
      "1e309",
      "-1",
      "NaN",
      "9007199254740993",
      "0",
      "201",
      "2026-01-15",
      "0000-01-01T00:00:00Z",
      "+100000-01-01T00:00:00Z",
      "2026-02-30T00:00:00Z",
      "completed",
      "' OR 1=1 --",
      "",
      "\u0000",
    ),
    anyText,
  );
  const name = known.length > 0 ? fc.oneof(fc.constantFrom(...known), anyText) : anyText;
  return fc.array(fc.tuple(name, value), { maxLength: 4 });
}
