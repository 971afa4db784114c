/**
 * What counts as a time zone name, everywhere the ledger takes one (analytics, budgets, the
 * dashboard's picker): an IANA name Intl knows (UTC, Europe/Paris, Asia/Kathmandu).
 */

/** The characters and length of a zone name (the API's schema states it as a pattern). */
export const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

// POSIX-style names ("UTC+3") mean the opposite sign in PostgreSQL and some tools: refused,
// never misread.
const POSIX_OFFSET = /^(UTC|GMT|UT)[+-]/i;

const known = new Map<string, boolean>();

/** True for an IANA zone name Intl knows (Europe/Paris, Asia/Kathmandu, UTC). */
export function isIanaTimeZone(value: string): boolean {
  if (!TIME_ZONE_NAME.test(value) || POSIX_OFFSET.test(value)) return false;
  let answer = known.get(value);
  if (answer === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: value });
      answer = true;
    } catch {
      answer = false;
    }
    if (known.size < 1000) known.set(value, answer);
  }
  return answer;
}
