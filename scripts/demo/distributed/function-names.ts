// The stack's functions, as the demo runs them (one process each).
export const functionNames = ['api', 'coordinator', 'task'] as const;
export type FunctionName = (typeof functionNames)[number];
