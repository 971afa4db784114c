import { z } from "zod";

/** Text Postgres can store: no NUL characters (text columns reject 0x00 outright). */
export const storableText = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} must be at most ${max} characters`)
    .refine((value) => !value.includes("\u0000"), `${field} may not contain the NUL character`);
