import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const packageDir = join(import.meta.dirname, "../..");

export interface HolderAnswer {
  held: boolean;
  pid: number;
  /** When refused: the pid the refusal named, and its message. */
  holder?: number;
  message?: string;
}

/** A child process taking a data folder's lock (hold-data-dir.ts) when told to. */
export class FolderHolder {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly lines: AsyncIterator<string>;

  constructor(dataDir: string, port?: number) {
    const args = ["--import", "tsx", "test/support/hold-data-dir.ts", dataDir];
    this.child = spawn(process.execPath, port === undefined ? args : [...args, String(port)], {
      cwd: packageDir,
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.exited = new Promise((done) =>
      this.child.on("exit", (code, signal) => done({ code, signal })),
    );
    if (!this.child.stdout) throw new Error("no stdout");
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private async nextLine(): Promise<Record<string, unknown>> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`holder ${this.pid} exited without answering`);
    return JSON.parse(value) as Record<string, unknown>;
  }

  /** Resolves once the process is loaded and waits for go(). */
  async ready(): Promise<void> {
    await this.nextLine();
  }

  /** Lets it try; resolves with what it got. */
  async go(): Promise<HolderAnswer> {
    this.child.stdin?.write("go\n");
    return (await this.nextLine()) as unknown as HolderAnswer;
  }

  /** Ready, go, and it must hold the folder. */
  static async holding(dataDir: string, port?: number): Promise<FolderHolder> {
    const holder = new FolderHolder(dataDir, port);
    await holder.ready();
    const answer = await holder.go();
    if (!answer.held) throw new Error(`holder refused: ${answer.message}`);
    return holder;
  }

  /** Lets go of the folder (releasing the lock) and exits. */
  async stop(): Promise<void> {
    this.child.stdin?.end();
    await this.exited;
  }

  /** SIGKILL: the lock file stays behind. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }
}
