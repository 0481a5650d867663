import { startDynamoLocal } from './dynamo';

/**
 * `npm start` imports this first, so the Java engine starts while Node is still loading the rest (the handlers,
 * the AWS SDK): the two overlap instead of adding up. Java needs about a second and a half to answer.
 */
// `npm start` is the local stage; set before any other module reads it (the logger picks its level on import).
process.env.STAGE = 'local';
export const dynamoPort = Number(process.env.DYNAMO_PORT ?? 8000);
console.log(`[ripple] Starting DynamoDB Local on port ${dynamoPort}…`);
export const dynamoStarting = startDynamoLocal(dynamoPort);
// Awaited by start.ts; until then a failure must not count as unhandled.
dynamoStarting.catch(() => undefined);
