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
      // One DynamoDB Local engine serves every test file on 2 shared cores (with Chromium and the H5 build), so a
      // burst like 200 racing bookings can leave a request idle for seconds: the race tests are about correctness,
      // not latency. tests/integration/db-stall.test.ts sets the deployed defaults (1 s / 3 s / 2) for itself.
      DYNAMODB_REQUEST_TIMEOUT_MS: '15000',
    },
  },
});
