import { z } from "zod";

/** A UTF-16 surrogate without its pair: no Unicode character, not representable in UTF-8. */
const LONE_SURROGATE = /\p{Surrogate}/u;

export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** What JSON Schema cannot say about storable text, said in its description instead. */
export const STORABLE_TEXT_NOTE =
  "No NUL character (\\u0000) and no unpaired UTF-16 surrogate: the ledger could not store them.";

/**
 * Text Postgres can store as sent: no NUL characters (text columns reject 0x00 outright) and
 * no unpaired surrogates (the driver would silently store U+FFFD instead).
 */
export const storableText = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} must be at most ${max} characters`)
    .refine((value) => !value.includes("\u0000"), `${field} may not contain the NUL character`)
    .refine(
      (value) => !hasLoneSurrogate(value),
      `${field} may not contain unpaired UTF-16 surrogates`,
    )
    .meta({ description: STORABLE_TEXT_NOTE });

/**
 * The document's form of "not blank": at least one character that is not whitespace (JSON
 * Schema patterns are unanchored; \S is the complement of what String.prototype.trim drops).
 */
export const nonBlankJsonSchema = (field: string) => ({
  minLength: 1,
  pattern: "\\S",
  description: `${field}: at least one non-whitespace character. ${STORABLE_TEXT_NOTE}`,
});
