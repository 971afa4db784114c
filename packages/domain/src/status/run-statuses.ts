/**
 * The run statuses and their allowed moves as plain data, without zod: run-status.ts adds
 * the schemas; browsers (the dashboard) import this alone through "@columnline/domain/status".
 */
export const runStatuses = ["pending", "running", "completed", "failed"] as const;
export type RunStatus = (typeof runStatuses)[number];

export const triggeredByValues = ["make.com", "api", "manual"] as const;
export type TriggeredBy = (typeof triggeredByValues)[number];

/**
 * The allowed moves, as data: the database layer turns it into a guarded
 * `UPDATE ... WHERE status IN (sourcesFor(target))`. pending → failed covers a
 * run that dies before its first step, and the timeout reaper.
 */
export const transitionTable: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  pending: ["running", "failed"],
  running: ["completed", "failed"],
  completed: [],
  failed: [],
};

export const terminalStatuses: readonly RunStatus[] = runStatuses.filter(
  (status) => transitionTable[status].length === 0,
);

export function isTerminal(status: RunStatus): boolean {
  return terminalStatuses.includes(status);
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return transitionTable[from].includes(to);
}

/** The statuses from which `target` can be entered. */
export function sourcesFor(target: RunStatus): RunStatus[] {
  return runStatuses.filter((from) => canTransition(from, target));
}

export const MAX_ERROR_MESSAGE_LENGTH = 2000;
