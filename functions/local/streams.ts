import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { config } from '../config';
import { clientLimits } from '../db/client';
import { processRecords } from '../analytics/stream';
import { toChange } from '../db/changes';
import { processReferralRecords } from '../referral/stream';
import analyticsFilter from '../analytics/stream-filter.json';
import referralFilter from '../referral/stream-filter.json';
import { passesFilters } from './stream-filter';

/**
 * Locally, Lambda's stream triggers are played by this module: it reads DynamoDB Local's stream of the table and
 * calls what the analytics and referral stream handlers call. `drainStreams()` processes everything pending (tests
 * call it before reading the dashboard: deterministic); `startStreamPoller()` keeps doing it under `npm start`.
 *
 * Idle, a poll is one GetRecords per open shard on iterators kept from the last poll (the table and stream are
 * described again only every few seconds, when a shard closes, or when a caller drains explicitly), and the poller
 * backs off to every 2 s; a write through the local API nudges it, so the dashboard still follows within ~0.1 s.
 */
const checkpoints = new Map<string, Map<string, string>>(); // streamArn → shardId → last processed sequence number
let running: Promise<number> = Promise.resolve(0);

interface StreamCursor {
  table: string;
  arn: string;
  /** shardId → the iterator to read next (kept between polls). */
  iterators: Map<string, string>;
  describedAt: number;
}
let cursor: StreamCursor | undefined;
const REDESCRIBE_MS = 5000;

let cachedClients: { endpoint: string | undefined; ddb: DynamoDBClient; streams: DynamoDBStreamsClient } | undefined;

function clients(): { ddb: DynamoDBClient; streams: DynamoDBStreamsClient } {
  const endpoint = config.dynamoEndpoint();
  if (cachedClients && cachedClients.endpoint === endpoint) return cachedClients;
  cachedClients?.ddb.destroy();
  cachedClients?.streams.destroy();
  const opts = {
    endpoint,
    region: process.env.AWS_REGION ?? 'ap-east-1',
    ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...clientLimits(),
  };
  const made = { endpoint, ddb: new DynamoDBClient(opts), streams: new DynamoDBStreamsClient(opts) };
  cachedClients = made;
  return made;
}

/** Processes every record pending on the current table's stream; resolves to how many it handled. Serialised. */
export function drainStreams(tableName = config.tableName()): Promise<number> {
  running = running.catch(() => 0).then(() => drainOnce(tableName, true));
  return running;
}

/** The poller's cheaper drain: reuses the kept iterators unless it is time to look for new shards. */
function pollOnce(tableName: string): Promise<number> {
  running = running.catch(() => 0).then(() => drainOnce(tableName, false));
  return running;
}

async function drainOnce(tableName: string, describe: boolean, retried = false): Promise<number> {
  try {
    return await readStream(tableName, describe);
  } catch (err) {
    const name = (err as { name?: string }).name;
    // Kept iterators expire (15 minutes in AWS); start again from the checkpoints, once.
    if (!retried && (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException')) return drainOnce(tableName, true, true);
    throw err;
  }
}

async function readStream(tableName: string, describe: boolean): Promise<number> {
  const { ddb, streams } = clients();
  if (describe || !cursor || cursor.table !== tableName || Date.now() - cursor.describedAt > REDESCRIBE_MS) {
    const t = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = t.Table?.LatestStreamArn;
    if (!arn) return 0;
    if (!cursor || cursor.arn !== arn) cursor = { table: tableName, arn, iterators: new Map(), describedAt: 0 };
    const done = checkpoints.get(arn) ?? new Map<string, string>();
    checkpoints.set(arn, done);
    const desc = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    // Parents before children (DescribeStream lists them in that order), records in order within a shard.
    for (const shard of desc.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      if (cursor.iterators.has(shardId)) continue;
      const after = done.get(shardId);
      const iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: shardId,
            ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
            SequenceNumber: after,
          }),
        )
      ).ShardIterator;
      // A closed shard read to its end has no iterator; remember it as done with an empty one.
      cursor.iterators.set(shardId, iterator ?? '');
    }
    cursor.describedAt = Date.now();
  }
  const c = cursor;
  const done = checkpoints.get(c.arn)!;
  let handled = 0;
  try {
    for (const [shardId, start] of c.iterators) {
      let iterator: string | undefined = start || undefined;
      while (iterator) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = out.Records ?? [];
        for (const r of records) {
          // The same paths as the two stream Lambdas (analytics, referral), minus their envelope, so a failure
          // surfaces with its cause, each given only what its trigger's filter in serverless.yml lets through.
          // Both are idempotent per record, so a retry after a failure is harmless.
          const record = toLambdaRecord(r);
          const change = [toChange(record)];
          const failure =
            (passesFilters(analyticsFilter, record) ? await processRecords(change) : undefined) ??
            (passesFilters(referralFilter, record) ? await processReferralRecords(change) : undefined);
          if (failure) throw failure.error;
          done.set(shardId, r.dynamodb!.SequenceNumber!);
          handled++;
        }
        iterator = out.NextShardIterator;
        c.iterators.set(shardId, iterator ?? '');
        if (!records.length) break;
      }
      // A shard that closed: look for its children at the next poll.
      if (!iterator) c.describedAt = 0;
    }
  } catch (err) {
    // Expired or trimmed iterators, a failed record: start again from the checkpoints next time.
    cursor = undefined;
    throw err;
  }
  return handled;
}

/**
 * Every record still on the table's stream, from its start, as Lambda would deliver them (tests: a batch delivered
 * again must count nothing twice). Reads only: checkpoints and the poller's iterators are left as they are.
 */
export async function streamRecordsFromStart(tableName = config.tableName()): Promise<DynamoDBRecord[]> {
  const { ddb, streams } = clients();
  const arn = (await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn;
  if (!arn) return [];
  const out: DynamoDBRecord[] = [];
  const desc = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  for (const shard of desc.StreamDescription?.Shards ?? []) {
    let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      out.push(...(page.Records ?? []).map(toLambdaRecord));
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

function toLambdaRecord(r: _Record): DynamoDBRecord {
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: repair(r.dynamodb?.Keys) as never,
      NewImage: repair(r.dynamodb?.NewImage) as never,
      OldImage: repair(r.dynamodb?.OldImage) as never,
      SequenceNumber: r.dynamodb?.SequenceNumber,
      StreamViewType: r.dynamodb?.StreamViewType,
    },
  };
}

/**
 * The streams client deserialises an empty map `{"M": {}}` as `{}` (no type tag), which `unmarshall` rejects;
 * Lambda's JSON keeps the tag. Put it back so the handler sees what it would see in AWS.
 */
function repair(image: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!image) return image;
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, repairValue(v)]));
}

function repairValue(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (!keys.length) return { M: {} };
  if (o.M && typeof o.M === 'object') return { M: repair(o.M as Record<string, unknown>) };
  if (Array.isArray(o.L)) return { L: o.L.map(repairValue) };
  return v;
}

let wake: (() => void) | undefined;

/** Called by the local API after a write: the poller looks at the stream shortly instead of at its idle pace. */
export function nudgeStreams(): void {
  wake?.();
}

/**
 * For `npm start`: polls every `minMs` while records keep coming, backing off to `maxMs` when nothing changes
 * (an idle stack then costs one GetRecords per shard every `maxMs`); a nudge brings the next poll forward to
 * ~50 ms. Returns a stop function. Errors are logged, never fatal.
 */
export function startStreamPoller(minMs = 200, log: (s: string) => void = console.error, maxMs = 2000): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let interval = minMs;
  let polling = false;
  let nudged = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
  };
  const tick = async () => {
    if (stopped) return;
    polling = true;
    const handled = await pollOnce(config.tableName()).catch((err) => {
      log(`[ripple] analytics stream: ${(err as Error).message}`);
      return 0;
    });
    polling = false;
    interval = handled > 0 ? minMs : Math.min(maxMs, interval * 2);
    schedule(nudged ? 50 : interval);
    nudged = false;
  };
  wake = () => {
    interval = minMs;
    // A poll under way may have read before the write landed: it polls again right after.
    if (polling) nudged = true;
    else schedule(50);
  };
  schedule(minMs);
  return () => {
    stopped = true;
    wake = undefined;
    if (timer) clearTimeout(timer);
  };
}
