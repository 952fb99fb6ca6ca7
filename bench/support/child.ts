// A benchmarked process: started with its output in a log file, watched for an early death, and
// stopped the way its users stop it (a signal it handles), with SIGKILL only as a last resort.
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class BenchProcess {
  readonly name: string;
  readonly logFile: string;
  readonly #child: ChildProcess;
  readonly exited: Promise<Exit>;
  #exit: Exit | undefined;

  constructor(name: string, command: string, args: readonly string[], logFile: string, cwd?: string) {
    this.name = name;
    this.logFile = logFile;
    const log = openSync(logFile, 'w');
    this.#child = spawn(command, [...args], { stdio: ['ignore', log, log], ...(cwd ? { cwd } : {}) });
    this.exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  get pid(): number {
    if (this.#child.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.#child.pid;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** The end of the process's log, for error messages. */
  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Throws with the log's end if the process has died. */
  assertAlive(): void {
    if (this.#exit) {
      throw new Error(
        `${this.name} exited early (code ${this.#exit.code}, signal ${this.#exit.signal}); end of ${this.logFile}:\n${this.logTail()}`,
      );
    }
  }

  async stop(signal: NodeJS.Signals, graceMs = 30_000): Promise<Exit> {
    if (this.#exit) return this.#exit;
    this.#child.kill(signal);
    const exit = await Promise.race([this.exited, sleep(graceMs).then(() => undefined)]);
    if (exit) return exit;
    this.#child.kill('SIGKILL');
    return this.exited;
  }
}
