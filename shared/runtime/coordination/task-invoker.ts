// How the coordinator starts a task: an asynchronous Lambda invocation in AWS, an async loop in
// standalone mode and tests. Fire and forget: the task reports through leases and status.

export interface TaskInvocationRequest {
  readonly connector: string;
  readonly task: number;
  /** Why it was invoked (coordinator, continuation), for logs. */
  readonly reason: 'assigned' | 'continuation' | 'restart';
}

export interface TaskInvoker {
  invoke(request: TaskInvocationRequest): Promise<void>;
}
