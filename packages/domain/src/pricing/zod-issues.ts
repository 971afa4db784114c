import type { z } from "zod";
import type { ErrorIssue } from "../errors";

/** Maps zod issues to the domain's { path, message } issues ("a.b.0" paths). */
export function toErrorIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}
