import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { PortInUseError, reservePort } from "../src/http/reserve-port";

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("reservePort", () => {
  it("holds the port; a request sent before the server is ready is answered once it is", async () => {
    const reserved = await reservePort(0, "127.0.0.1");
    const url = `http://127.0.0.1:${reserved.port}`;
    const early = fetch(`${url}/early`).then(async (response) => response.text());
    await sleep(200);
    // Nobody else can listen on it meanwhile.
    await expect(reservePort(reserved.port, "127.0.0.1")).rejects.toBeInstanceOf(PortInUseError);

    const server = createHttpServer((req, res) => res.end(`served ${req.url}`));
    await reserved.serve(server);
    expect(await early).toBe("served /early");
    expect(await (await fetch(`${url}/late`)).text()).toBe("served /late");
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    // Closing the server frees the port.
    const again = await reservePort(reserved.port, "127.0.0.1");
    await again.close();
  });

  it("names the port when another process listens on it", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(reservePort(port, "127.0.0.1")).rejects.toThrow(
        `port ${port} is in use; stop the process listening on it, or set PORT to another port`,
      );
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });

  it("gives the port back on close, dropping the connections that waited", async () => {
    const reserved = await reservePort(0, "127.0.0.1");
    const waiting = fetch(`http://127.0.0.1:${reserved.port}/`).then(
      () => "answered",
      () => "dropped",
    );
    await sleep(200);
    await reserved.close();
    expect(await waiting).toBe("dropped");
    const again = await reservePort(reserved.port, "127.0.0.1");
    await again.close();
  });
});
