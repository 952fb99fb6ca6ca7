// Runs task invocations as async loops in this process (standalone mode, tests). An invocation
// of a task that is already running here is dropped, as the coordinator's grace period would;
// except a task's own follow-up (a restart, a continuation), which runs as soon as it has ended.
import type { Logger } from '../logger.ts';
import type { InvocationOutcome, StoppableRunner } from '../tasks/task-invocation.ts';
import type { TaskInvocationRequest, TaskInvoker } from './task-invoker.ts';

export type InvocationRunner = (
  request: TaskInvocationRequest,
  register: (runner: StoppableRunner) => void,
) => Promise<InvocationOutcome>;

interface Entry {
  promise: Promise<InvocationOutcome>;
  runner?: StoppableRunner;
  /** The task asked for its own next invocation while this one was ending. */
  followUp?: TaskInvocationRequest;
}

export class InProcessTaskInvoker implements TaskInvoker {
  readonly #run: InvocationRunner;
  readonly #logger: Logger;
  readonly #running = new Map<string, Entry>();
  readonly #outcomes: Array<TaskInvocationRequest & { outcome: InvocationOutcome }> = [];
  #stopping = false;

  constructor(run: InvocationRunner, logger: Logger) {
    this.#run = run;
    this.#logger = logger;
  }

  async invoke(request: TaskInvocationRequest): Promise<void> {
    const key = `${request.connector}\u0000${request.task}`;
    if (this.#stopping) return;
    const running = this.#running.get(key);
    if (running) {
      if (request.reason !== 'assigned') running.followUp = request;
      return;
    }
    const entry: Entry = { promise: Promise.resolve({ status: 'skipped', why: 'starting' }) };
    this.#running.set(key, entry);
    entry.promise = (async () => {
      // Let the caller (the coordinator) finish its pass before the task starts claiming.
      await Promise.resolve();
      try {
        return await this.#run(request, (runner) => {
          entry.runner = runner;
          if (this.#stopping) runner.stop();
        });
      } catch (error) {
        this.#logger.error('task invocation crashed', { ...request, error: (error as Error).message });
        return { status: 'failed', error: error as Error } as const;
      }
    })().then(async (outcome) => {
      if (this.#running.get(key) === entry) this.#running.delete(key);
      this.#outcomes.push({ ...request, outcome });
      if (entry.followUp) await this.invoke(entry.followUp);
      return outcome;
    });
  }

  /** Invocations running now, as connector/task pairs. */
  running(): Array<{ connector: string; task: number }> {
    return [...this.#running.keys()].map((key) => {
      const [connector, task] = key.split('\u0000');
      return { connector: connector!, task: Number(task) };
    });
  }

  /** Outcomes of finished invocations, oldest first. */
  outcomes(): ReadonlyArray<TaskInvocationRequest & { outcome: InvocationOutcome }> {
    return this.#outcomes;
  }

  /** Asks every running task to finish its batch, commit and stop; resolves when all ended. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    for (const entry of this.#running.values()) entry.runner?.stop();
    while (this.#running.size > 0) {
      await Promise.all([...this.#running.values()].map((e) => e.promise));
    }
  }
}
