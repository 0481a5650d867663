import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    // DynamoDB Local, Chromium and the handlers share 2 cores: keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // The SDK is pinned (package.json), so its notice about future releases needing Node 22 is known and silenced.
    env: {
      STAGE: 'local',
      LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // DynamoDB Local on a shared, loaded machine can take seconds under the race tests' 200-way bursts; the
      // production timeouts (1 s to connect, 3 s per request) would turn those into 503s. tests/integration/db-stall.test.ts tests the defaults.
      DYNAMODB_CONNECT_TIMEOUT_MS: '10000',
      DYNAMODB_REQUEST_TIMEOUT_MS: '30000',
    },
  },
});
