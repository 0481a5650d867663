import type { TestProject } from 'vitest/node';
import { freePort, startDynamoLocal } from '../../functions/local/dynamo';
import { ensureH5Build } from '../../functions/local/h5';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/**
 * Once per run: one DynamoDB Local engine (each test file makes its own table, and the engine is stopped
 * by its PID at the end), and an H5 build that is no older than the sources (SKIP_H5_BUILD=1 skips it
 * when only non-browser tests run).
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal(await freePort());
  project.provide('dynamoEndpoint', dynamo.endpoint);
  if (process.env.SKIP_H5_BUILD !== '1') await ensureH5Build((s) => console.log(s));
  return async () => {
    await dynamo.stop();
  };
}
