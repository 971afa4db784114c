import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export type Schema = Record<string, unknown>;

// ajv-formats is CommonJS: its function is the module itself or its default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => void;

/** JSON Schema 2020-12 with formats, resolving the document's one $ref (the Error body). */
export function schemaValidator(components: { schemas: Record<string, Schema> }) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const resolve = (schema: Schema): Schema =>
    schema.$ref === "#/components/schemas/Error" ? (components.schemas.Error ?? {}) : schema;
  return {
    ajv,
    /** The schema's complaints about `value`, empty when it is valid. */
    errorsOf(schema: Schema, value: unknown): unknown[] {
      const validate = ajv.compile(resolve(schema));
      return validate(value) ? [] : (validate.errors ?? ["invalid"]);
    },
  };
}
