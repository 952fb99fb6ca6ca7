import { defineConfig } from 'vitest/config';

// Two kinds of tests: unit tests are pure and run in parallel; integration and end-to-end tests
// share one real Kafka broker and one DynamoDB Local (started by the global setup when missing),
// so they run one file at a time to stay within a 2-core machine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
