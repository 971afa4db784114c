/** The API's limit on step_id. */
export const MAX_STEP_ID_LENGTH = 200;

/**
 * The step id for the nth step named `stepName` in a run: the same inputs give
 * the same id on every attempt and every re-run, so the API counts a step once
 * however often it is sent. Never random.
 */
export function deriveStepId(runId: string, stepName: string, occurrence = 1): string {
  if (typeof stepName !== "string" || stepName.trim() === "") {
    throw new TypeError("A step needs a non-empty stepName (or an explicit stepId)");
  }
  if (!Number.isInteger(occurrence) || occurrence < 1) {
    throw new RangeError(`occurrence must be a positive integer, got ${occurrence}`);
  }
  const id = occurrence === 1 ? `${runId}:${stepName}` : `${runId}:${stepName}:${occurrence}`;
  if (id.length > MAX_STEP_ID_LENGTH) {
    throw new RangeError(
      `The step id derived from run ${runId} and step "${stepName.slice(0, 40)}..." is over ${MAX_STEP_ID_LENGTH} characters: pass a shorter stepName or your own stepId`,
    );
  }
  return id;
}
