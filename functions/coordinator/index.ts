// Lambda entry point of the coordinator (EventBridge schedule, and asynchronous calls from the API).
import { runtimeFromEnvironment } from '../runtime-environment.ts';
import { createCoordinatorHandler } from './handler.ts';

export const handler = createCoordinatorHandler(() => runtimeFromEnvironment());
