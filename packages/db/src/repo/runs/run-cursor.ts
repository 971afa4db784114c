import { parseRunId } from "@columnline/domain";
import { invalid } from "../../internal/validate";

/** A position in the (started_at DESC, run_id DESC) order: the last item of a page. */
export interface RunCursor {
  startedAt: Date;
  runId: string;
}

/** Opaque to callers: base64url of [started_at ISO, run_id]. */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.startedAt.toISOString(), cursor.runId])).toString(
    "base64url",
  );
}

export function decodeRunCursor(text: string): RunCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [startedAtText, runId] = parsed as unknown[];
      const startedAt = new Date(String(startedAtText));
      const year = startedAt.getUTCFullYear();
      // A crafted cursor must not reach SQL with a value the columns cannot hold.
      if (typeof runId === "string" && parseRunId(runId) !== null && year >= 1 && year <= 9999) {
        return { startedAt, runId };
      }
    }
  } catch {
    // Fall through to the validation error.
  }
  return invalid("cursor", "is not a cursor returned by listRuns");
}
