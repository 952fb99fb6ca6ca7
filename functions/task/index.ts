// Lambda entry point of a sink task (invoked asynchronously by the coordinator and by itself).
import { runtimeFromEnvironment } from '../runtime-environment.ts';
import { createTaskHandler } from './handler.ts';

export const handler = createTaskHandler(() => runtimeFromEnvironment());
