// The first module a task thread runs. It turns on Node's on-disk compile cache (in the system's
// temporary directory) before the engine's modules load, so every thread after the first, in this
// run and the next, reuses their compiled, type-stripped code instead of compiling it again: a
// thread loads the engine on each task invocation, and that load is most of a thread's start-up.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./task-thread.ts');
