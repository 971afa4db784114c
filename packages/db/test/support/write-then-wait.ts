// Child process for initdb-archive.test.ts: opens the embedded database in DATA_DIR (seeding
// it if new), records a client, says so on stdout, then waits to be killed.
import { createClient, createDb } from "../../src/index";

const dataDir = process.env.DATA_DIR;
const clientId = process.env.CLIENT_ID;
if (!dataDir || !clientId) throw new Error("DATA_DIR and CLIENT_ID are required");
const db = await createDb({ dataDir });
await createClient(db, { clientId, name: "Written before SIGKILL" });
process.stdout.write("written\n");
setInterval(() => {}, 60_000);
