#!/usr/bin/env node
// The workspace's launcher: runs the CLI from its TypeScript source through tsx.
// The published package's bin is dist/cli/main.js instead (publishConfig.bin).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
