import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { db, queryAll, table } from './client';

/**
 * The audit log of timeline views: `AUDIT#<clientId>/<at>#<ulid>`, also listed newest first under gsi1 `AUDIT`.
 * Append-only: entries are put with `attribute_not_exists` and no code path updates or deletes them.
 */
export interface AuditEntry {
  id: string;
  clientId: string;
  viewerId: string;
  viewerName: string;
  viewerRole: string;
  action: 'timeline_view';
  at: string;
}

export async function appendAudit(e: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
  const entry: AuditEntry = { id: ulid(), ...e };
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { pk: `AUDIT#${e.clientId}`, sk: `${e.at}#${entry.id}`, type: 'audit', ...entry, gsi1pk: 'AUDIT', gsi1sk: `${e.at}#${entry.id}` },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return entry;
}

/** One client's entries, or the latest entries of all clients; newest first. */
export async function listAudit(clientId: string | undefined, max = 200): Promise<AuditEntry[]> {
  const items = clientId
    ? await queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `AUDIT#${clientId}` }, ScanIndexForward: false }, max)
    : await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'AUDIT' }, ScanIndexForward: false }, max);
  return items.map((i) => ({
    id: i.id as string,
    clientId: i.clientId as string,
    viewerId: i.viewerId as string,
    viewerName: i.viewerName as string,
    viewerRole: i.viewerRole as string,
    action: 'timeline_view',
    at: i.at as string,
  }));
}
