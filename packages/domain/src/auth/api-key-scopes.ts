import { z } from "zod";
import { apiKeyScopes } from "./scope-names";

export * from "./scope-names";

export const apiKeyScopeSchema = z.enum(apiKeyScopes);
