import { config } from '../config';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../http/logger';

/**
 * Item changes from the table's stream (NEW_AND_OLD_IMAGES), as the stream consumers read them: analytics
 * (functions/analytics/stream.ts) and referral (functions/referral/stream.ts). In AWS each is a Lambda on the
 * stream; locally functions/local/streams.ts hands both the same records.
 */
type Image = Record<string, unknown>;
export interface ChangeRecord {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  sequenceNumber: string;
  keys: { pk: string; sk: string };
  oldImage?: Image;
  newImage?: Image;
}

export function toChange(r: DynamoDBRecord): ChangeRecord {
  const img = (x: unknown) => (x ? unmarshall(x as Record<string, AttributeValue>) : undefined);
  const keys = img(r.dynamodb?.Keys) as { pk: string; sk: string };
  return {
    eventName: r.eventName as ChangeRecord['eventName'],
    sequenceNumber: r.dynamodb?.SequenceNumber ?? '',
    keys,
    oldImage: img(r.dynamodb?.OldImage),
    newImage: img(r.dynamodb?.NewImage),
  };
}

export type StreamFailure = { sequenceNumber: string; error: Error };

/** In order; stops at the first failure (later records wait for the retry, keeping per-key order). */
export async function inOrder(records: ChangeRecord[], apply: (r: ChangeRecord) => Promise<void>): Promise<StreamFailure | undefined> {
  for (const r of records) {
    try {
      await apply(r);
    } catch (err) {
      return { sequenceNumber: r.sequenceNumber, error: err as Error };
    }
  }
  return undefined;
}

/** A stream Lambda that reports the first failed record (ReportBatchItemFailures): Lambda retries from there. */
export function streamHandler(name: string, apply: (r: ChangeRecord) => Promise<void>) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    // Like the HTTP functions, never run without an explicit STAGE (checked per batch: the module is also
    // imported by the local stream poller before `npm start` sets STAGE).
    config.stage();
    const failure = await inOrder(event.Records.map(toChange), apply);
    if (!failure) return { batchItemFailures: [] };
    logger.error(`${name} record failed`, { error: failure.error, seq: failure.sequenceNumber });
    return { batchItemFailures: [{ itemIdentifier: failure.sequenceNumber }] };
  };
}
