import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          root,
          include: ['test/integration/**/*.test.ts'],
          setupFiles: ['test/setup.ts', 'test/integration/moto-reset.ts'],
          globalSetup: ['test/integration/moto-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One moto_server serves the whole run and is reset before every test,
          // so integration files must not run concurrently.
          fileParallelism: false,
        },
      },
    ],
  },
});
