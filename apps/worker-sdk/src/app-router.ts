/**
 * The SDK's one link to the server: the API's router type, imported as a type
 * only, so no server code ever reaches the SDK. The build replaces this
 * module's declaration with a self-contained copy (scripts/build.ts), so the
 * published package does not need @columnline/api.
 */
export type { AppRouter } from "@columnline/api";
