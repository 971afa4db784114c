// `pnpm build` (and `pnpm start`, first): src/main.ts → dist/main.mjs, run with plain node.
import { fileURLToPath } from "node:url";
import { bundleService } from "./bundle";

const apiDir = fileURLToPath(new URL("..", import.meta.url));
const outfile = await bundleService(`${apiDir}src/main.ts`, `${apiDir}dist/main.mjs`);
console.log(`built ${outfile}`);
