import { pino } from "pino";

/** JSON lines on stdout; authorization headers and keys are redacted should they ever be passed. */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "columnline-api" },
    redact: {
      paths: [
        "authorization",
        "*.authorization",
        "headers.authorization",
        "key",
        "*.key",
        "apiKey",
      ],
      censor: "[redacted]",
    },
  });
}
