// The API's public surface for TypeScript callers: import with `import type`.
export type { AppRouter } from "./routers/app-router";
