import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

/** Every DynamoDB request the process makes, counted: the benchmarks report requests per operation. */
export const dbStats = { requests: 0 };

let doc: DynamoDBDocumentClient | undefined;

export function db(): DynamoDBDocumentClient {
  if (doc) return doc;
  const endpoint = config.dynamoEndpoint();
  const raw = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'ap-east-1',
    // DynamoDB Local accepts any key; -sharedDb makes every key see the same data.
    ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...clientLimits(),
  });
  raw.middlewareStack.add(
    (next) => async (args) => {
      dbStats.requests++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return doc;
}

export const table = () => config.tableName();

/** One item of a TransactWriteCommand. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Adds to numeric counters of one item (`ADD`, created at 0): a transaction item, or `.Update` for a lone UpdateCommand. */
export function addCounters(key: Record<string, string>, adds: Record<string, number>): TransactItem & { Update: NonNullable<TransactItem['Update']> } {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = Object.entries(adds).map(([attr, n], i) => {
    names[`#a${i}`] = attr;
    values[`:a${i}`] = n;
    return `#a${i} :a${i}`;
  });
  return { Update: { TableName: table(), Key: key, UpdateExpression: `ADD ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
}

/**
 * Connection and request timeouts with a bounded number of attempts, so a stalled or unreachable database costs
 * at most attempts × request timeout (+ a short back-off) instead of the whole function timeout. The request
 * timeout is the socket's idle time: a slow but answering database is not cut off.
 */
export function clientLimits() {
  return {
    maxAttempts: config.dynamoMaxAttempts(),
    requestHandler: {
      connectionTimeout: config.dynamoConnectTimeoutMs(),
      requestTimeout: config.dynamoRequestTimeoutMs(),
      // This SDK only warns about a passed request timeout unless told to fail the request.
      throwOnRequestTimeout: true,
    },
  };
}

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * True when a DynamoDB call failed because the database could not answer (timed out, unreachable, throttled,
 * a 5xx) rather than because of the request: the caller should try again later (503), it is not a bug (500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (UNAVAILABLE_NAMES.has(e.name ?? '') || UNAVAILABLE_CODES.has(e.code ?? '')) return true;
  return (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** Readiness: one strongly consistent read of a key that never exists, so the table itself must answer. */
export async function touchTable(): Promise<void> {
  await db().send(new GetCommand({ TableName: table(), Key: { pk: 'READINESS', sk: 'READINESS' }, ConsistentRead: true }));
}

/**
 * Every item a query on this table matches, page after page. With `max`, each page asks only for what is still
 * missing and reading stops once `max` items are in.
 */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>, max?: number): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const limit = max === undefined ? {} : { Limit: Math.max(1, max - items.length) };
    const out = await db().send(new QueryCommand({ TableName: table(), ...input, ...limit, ExclusiveStartKey }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey && (max === undefined || items.length < max));
  return items;
}

/** True when a DynamoDB error is a failed condition (plain or inside a cancelled transaction). */
export function isConditionFailure(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/** The cancellation reason codes of a TransactionCanceledException, one per transaction item. */
export function cancellationReasons(err: unknown): (string | undefined)[] {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] })?.CancellationReasons;
  return reasons?.map((r) => (r.Code === 'None' ? undefined : r.Code)) ?? [];
}
