import type { Server } from "node:http";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { StartupError } from "../startup/startup-failure";

/** The service's port is taken by another process. */
export class PortInUseError extends StartupError {
  readonly port: number;

  constructor(port: number) {
    super(`port ${port} is in use; stop the process listening on it, or set PORT to another port`);
    this.name = "PortInUseError";
    this.port = port;
  }
}

/** A port listened on before the service can answer, so nothing else takes it meanwhile. */
export interface ReservedPort {
  readonly port: number;
  /** Serves `server` on the port, first the connections that arrived meanwhile. */
  serve(server: Server): Promise<void>;
  /** Gives the port back (a start that failed), closing the connections that waited. */
  close(): Promise<void>;
}

/**
 * Listens on the port before the service opens its database, so that a port in use stops
 * the start before the store is touched, and no other process can take the port while the
 * database opens. Connections that arrive meanwhile wait, unread, for serve().
 */
export async function reservePort(port: number, host: string): Promise<ReservedPort> {
  const listener = createServer({ pauseOnConnect: true });
  const waiting: Socket[] = [];
  const hold = (socket: Socket) => waiting.push(socket);
  listener.on("connection", hold);
  await new Promise<void>((resolve, reject) => {
    listener.once("error", (error: NodeJS.ErrnoException) =>
      reject(listenFailure(error, port, host)),
    );
    listener.listen(port, host, () => resolve());
  });
  const { port: bound } = listener.address() as AddressInfo;
  return {
    port: bound,
    async serve(server) {
      listener.off("connection", hold);
      // The HTTP server takes over the listening socket itself (net's listen(handle)).
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(listener, () => {
          server.off("error", reject);
          resolve();
        });
      });
      for (const socket of waiting.splice(0)) {
        server.emit("connection", socket);
        socket.resume();
      }
    },
    async close() {
      for (const socket of waiting.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

/** Why the port could not be listened on, as the setting to change. */
function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): Error {
  switch (error.code) {
    case "EADDRINUSE":
      return new PortInUseError(port);
    case "EACCES":
      return new StartupError(
        `port ${port} needs privileges this process lacks; set PORT to 1024 or above`,
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return new StartupError(
        `HOST ${host} is not an address of this machine; set HOST (127.0.0.1, or 0.0.0.0 for every interface)`,
      );
    default:
      return error;
  }
}
