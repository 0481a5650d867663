import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { windowMonths } from '../../shared/analytics/tiers';
import { slaOf } from '../../shared/care/complaint';
import { ownerDashboard, type ClientRow, type ComplaintRow, type OwnerDashboard } from '../../shared/care/dashboard';
import { getTierCountersAndThresholds } from '../db/analytics';
import { listClientBookings } from '../db/booking';
import { db, table } from '../db/client';
import { getComplaintPolicy, listComplaints } from '../db/complaints';
import { consentCondition } from '../db/consent';
import { listAnswers } from '../db/feedback';

/**
 * The owner's dashboard, computed when asked from the clients who allow aggregate statistics: the client list
 * (gsi1 `ROLE#client`, statistics consent as a filter), each one's analytics state and referral edge (BatchGet),
 * the CSAT and NPS answers (gsi1 `ANSWERS#…`) and the complaints (gsi1 `COMPLAINTS`). About clients ÷ 50 requests:
 * fine for a practice's thousands of clients; a counter item maintained from the stream is the step after that.
 */
async function consentingClientIds(): Promise<string[]> {
  const c = consentCondition('statistics');
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        FilterExpression: c.expr,
        ExpressionAttributeNames: { ...c.names, '#id': 'id' },
        ExpressionAttributeValues: { ':p': 'ROLE#client', ...c.values },
        ProjectionExpression: '#id',
        ExclusiveStartKey: start,
      }),
    );
    ids.push(...(out.Items ?? []).map((i) => i.id as string));
    start = out.LastEvaluatedKey;
  } while (start);
  return ids;
}

async function batchGet(keys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [table()]: { Keys: keys.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const res = await db().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...((res.Responses?.[table()] ?? []) as Record<string, unknown>[]));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

export async function buildOwnerDashboard(now: Date): Promise<OwnerDashboard & { thresholds: unknown; slaPolicy: unknown }> {
  const [ids, { thresholds }, policy, csat, nps, complaints] = await Promise.all([
    consentingClientIds(),
    getTierCountersAndThresholds(),
    getComplaintPolicy(),
    listAnswers('csat'),
    listAnswers('nps'),
    listComplaints(),
  ]);
  const items = await batchGet(ids.flatMap((id) => [{ pk: `USER#${id}`, sk: 'ASTATE' }, { pk: `USER#${id}`, sk: 'REFERRAL' }]));
  const byKey = new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
  const clients: ClientRow[] = ids.map((id) => {
    const state = byKey.get(`USER#${id}|ASTATE`);
    const edge = byKey.get(`USER#${id}|REFERRAL`);
    const months = windowMonths((state?.months as Record<string, { sessions: number; spend: number }>) ?? {}, now);
    const totals = Object.values(months).reduce((a, m) => ({ sessions: a.sessions + m.sessions, spend: a.spend + m.spend }), { sessions: 0, spend: 0 });
    return { id, referred: Boolean(edge?.inviterId), ...totals };
  });
  const consenting = new Set(ids);
  const rows: ComplaintRow[] = [];
  for (const c of complaints.filter((x) => consenting.has(x.clientId))) {
    const sla = slaOf(c, policy, now);
    const returned = c.resolvedAt
      ? (await listClientBookings(c.clientId)).some((b) => b.status !== 'cancelled' && b.createdAt > c.resolvedAt!)
      : false;
    rows.push({ clientId: c.clientId, createdAt: c.createdAt, firstResponseAt: c.firstResponseAt, resolvedAt: c.resolvedAt, withinSla: !sla.firstResponseBreached && !sla.resolutionBreached, returned });
  }
  return { ...ownerDashboard(clients, { csat, nps }, rows, thresholds), thresholds, slaPolicy: policy };
}
