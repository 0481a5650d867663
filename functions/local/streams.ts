import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { config } from '../config';
import { processRecords } from '../analytics/stream';
import { toChange } from '../db/changes';
import { processReferralRecords } from '../referral/stream';

/**
 * Locally, Lambda's stream triggers are played by this module: it reads DynamoDB Local's stream of the table and
 * calls what the analytics and referral stream handlers call. `drainStreams()` processes everything pending (tests call it before reading
 * the dashboard: deterministic); `startStreamPoller()` runs it every half second under `npm start`.
 */
const checkpoints = new Map<string, Map<string, string>>(); // streamArn → shardId → last processed sequence number
let running: Promise<number> = Promise.resolve(0);

function clients() {
  const endpoint = config.dynamoEndpoint();
  const opts = {
    endpoint,
    region: process.env.AWS_REGION ?? 'ap-east-1',
    ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
  return { ddb: new DynamoDBClient(opts), streams: new DynamoDBStreamsClient(opts) };
}

/** Processes every record pending on the current table's stream; resolves to how many it handled. Serialised. */
export function drainStreams(tableName = config.tableName()): Promise<number> {
  running = running.catch(() => 0).then(() => drainOnce(tableName));
  return running;
}

async function drainOnce(tableName: string): Promise<number> {
  const { ddb, streams } = clients();
  try {
    const t = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = t.Table?.LatestStreamArn;
    if (!arn) return 0;
    const done = checkpoints.get(arn) ?? new Map<string, string>();
    checkpoints.set(arn, done);
    const desc = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    let handled = 0;
    // Parents before children (DescribeStream lists them in that order), records in order within a shard.
    for (const shard of desc.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      const after = done.get(shardId);
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: shardId,
            ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
            SequenceNumber: after,
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = out.Records ?? [];
        if (!records.length) break;
        for (const r of records) {
          // The same paths as the two stream Lambdas (analytics, referral), minus their envelope, so a failure
          // surfaces with its cause. Both are idempotent per record, so a retry after a failure is harmless.
          const change = [toChange(toLambdaRecord(r))];
          const failure = (await processRecords(change)) ?? (await processReferralRecords(change));
          if (failure) throw failure.error;
          done.set(shardId, r.dynamodb!.SequenceNumber!);
          handled++;
        }
        iterator = out.NextShardIterator;
      }
    }
    return handled;
  } finally {
    ddb.destroy();
    streams.destroy();
  }
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

/** For `npm start`: drains every `intervalMs`; returns a stop function. Errors are logged, never fatal. */
export function startStreamPoller(intervalMs = 500, log: (s: string) => void = console.error): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    await drainStreams().catch((err) => log(`[ripple] analytics stream: ${(err as Error).message}`));
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
