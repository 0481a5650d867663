import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import type { Complaint, ComplaintOutcome, ComplaintPolicy, Reply } from '../../shared/care/complaint';
import { DEFAULT_COMPLAINT_POLICY } from '../../shared/care/complaint';
import type { Voucher } from '../../shared/voucher/lifecycle';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from './client';
import { issueVoucherItem, type TransactItem } from './voucher';

/**
 * Complaints: `COMPLAINT#<id>/COMPLAINT`; the admin queue through gsi1 `COMPLAINTS` / `<createdAt>#<id>`, the
 * client's own through gsi2 `CLIENT#<userId>#COMPLAINTS` / `<createdAt>#<id>`. Replies are kept on the item
 * (a list, appended). A refund outcome refunds a paid order through the payment capability (its items travel in
 * the resolve transaction; the order's refund notice marks the outcome refunded).
 * Goodwill vouchers spend a monthly budget `CARE#GOODWILL#<yyyy-MM>/BUDGET` (ADD value, conditional).
 */
const complaintKey = (id: string) => ({ pk: `COMPLAINT#${id}`, sk: 'COMPLAINT' });
const policyKey = { pk: 'SETTINGS#complaints', sk: 'SETTINGS' };
const goodwillKey = (month: string) => ({ pk: `CARE#GOODWILL#${month}`, sk: 'BUDGET' });

export async function getComplaintPolicy(): Promise<ComplaintPolicy> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: policyKey }));
  if (!out.Item) return DEFAULT_COMPLAINT_POLICY;
  const { firstResponseHours, resolutionHours, goodwillMonthlyBudget } = out.Item;
  return { firstResponseHours: Number(firstResponseHours), resolutionHours: Number(resolutionHours), goodwillMonthlyBudget: Number(goodwillMonthlyBudget) };
}

export async function putComplaintPolicy(p: ComplaintPolicy, by: string, now: Date): Promise<ComplaintPolicy> {
  await db().send(new PutCommand({ TableName: table(), Item: { ...policyKey, type: 'settings', ...p, updatedBy: by, updatedAt: now.toISOString() } }));
  return p;
}

export async function createComplaint(c: Omit<Complaint, 'id' | 'status' | 'replies' | 'clientUnread'>): Promise<Complaint> {
  const complaint: Complaint = { ...c, id: ulid(Date.parse(c.createdAt)), status: 'open', replies: [], clientUnread: false };
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...complaintKey(complaint.id),
        type: 'complaint',
        ...complaint,
        gsi1pk: 'COMPLAINTS',
        gsi1sk: `${c.createdAt}#${complaint.id}`,
        gsi2pk: `CLIENT#${c.clientId}#COMPLAINTS`,
        gsi2sk: `${c.createdAt}#${complaint.id}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return complaint;
}

export async function getComplaint(id: string): Promise<Complaint | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: complaintKey(id), ConsistentRead: true }));
  return out.Item ? toComplaint(out.Item) : undefined;
}

/** Every complaint, newest first (a practice has hundreds, not millions; the queue filters by status). */
export async function listComplaints(): Promise<Complaint[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'COMPLAINTS' }, ScanIndexForward: false });
  return items.map(toComplaint);
}

export async function listClientComplaints(clientId: string): Promise<Complaint[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': `CLIENT#${clientId}#COMPLAINTS` },
    ScanIndexForward: false,
  });
  return items.map(toComplaint);
}

/**
 * A staff reply: appended, the first one stamps `firstResponseAt` (if_not_exists, so a race keeps the earliest),
 * open → in_progress, and the client has something unread. Refused once resolved.
 */
export async function addStaffReply(id: string, reply: Reply): Promise<Complaint | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: complaintKey(id),
        UpdateExpression:
          'SET replies = list_append(replies, :r), firstResponseAt = if_not_exists(firstResponseAt, :at), clientUnread = :t, #s = :progress',
        ConditionExpression: 'attribute_exists(pk) AND #s <> :resolved',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':r': [reply], ':at': reply.at, ':t': true, ':progress': 'in_progress', ':resolved': 'resolved' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toComplaint(out.Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/** The client's follow-up on their own open complaint. */
export async function addClientReply(id: string, clientId: string, reply: Reply): Promise<Complaint | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: complaintKey(id),
        UpdateExpression: 'SET replies = list_append(replies, :r)',
        ConditionExpression: 'clientId = :me AND #s <> :resolved',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':r': [reply], ':me': clientId, ':resolved': 'resolved' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toComplaint(out.Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export async function assignComplaint(id: string, assigneeId: string): Promise<Complaint | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: complaintKey(id),
        UpdateExpression: 'SET assigneeId = :a',
        ConditionExpression: 'attribute_exists(pk) AND #s <> :resolved',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':a': assigneeId, ':resolved': 'resolved' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toComplaint(out.Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export async function markRead(id: string, clientId: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: complaintKey(id),
        UpdateExpression: 'SET clientUnread = :f',
        ConditionExpression: 'clientId = :me',
        ExpressionAttributeValues: { ':f': false, ':me': clientId },
      }),
    )
    .catch((err) => {
      if (!isConditionFailure(err)) throw err;
    });
}

export type ResolveOutcome = { ok: true; complaint: Complaint } | { ok: false; reason: 'not_found' | 'already_resolved' | 'budget_exhausted' | 'refund_unavailable' };

/**
 * Resolves once (condition: not yet resolved) with its outcome, in ONE transaction with what the outcome costs:
 * a goodwill voucher (`gw-<complaintId>`, put with attribute_not_exists) and the month's goodwill budget
 * (ADD value, condition: stays within the budget); or a refund — the payment capability's items that move the
 * paid order to refund_pending and reverse the spend (functions/db/orders.ts `complaintRefundItems`). Two
 * resolves racing, or one retried, find the complaint already resolved: the refund is started at most once.
 */
export async function resolveComplaint(
  c: Complaint,
  outcome: ComplaintOutcome,
  at: string,
  extras: { voucher?: Voucher; budget?: number; month?: string; reply?: Reply; refundItems?: TransactItem[] },
): Promise<ResolveOutcome> {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = { ':resolved': 'resolved', ':at': at, ':o': outcome };
  let update = 'SET #s = :resolved, resolvedAt = :at, outcome = :o, firstResponseAt = if_not_exists(firstResponseAt, :at)';
  if (extras.reply) {
    update += ', replies = list_append(replies, :r), clientUnread = :t';
    values[':r'] = [extras.reply];
    values[':t'] = true;
  }
  const items: TransactItem[] = [
    {
      Update: {
        TableName: table(),
        Key: complaintKey(c.id),
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk) AND #s <> :resolved',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ];
  if (extras.voucher && extras.month !== undefined && extras.budget !== undefined) {
    items.push(issueVoucherItem(extras.voucher), {
      Update: {
        TableName: table(),
        Key: goodwillKey(extras.month),
        UpdateExpression: 'ADD #v :v, #n :one SET #t = :type',
        ConditionExpression: 'attribute_not_exists(#v) OR #v <= :room',
        ExpressionAttributeNames: { '#v': 'value', '#n': 'vouchers', '#t': 'type' },
        ExpressionAttributeValues: { ':v': extras.voucher.value, ':one': 1, ':room': extras.budget - extras.voucher.value, ':type': 'goodwillbudget' },
      },
    });
    if (extras.voucher.value > extras.budget) return { ok: false, reason: 'budget_exhausted' };
  }
  const refundFrom = items.length;
  if (extras.refundItems) items.push(...extras.refundItems);
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      break;
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons[0] === 'ConditionalCheckFailed') return { ok: false, reason: (await getComplaint(c.id)) ? 'already_resolved' : 'not_found' };
      if (extras.voucher && reasons[2] === 'ConditionalCheckFailed') return { ok: false, reason: 'budget_exhausted' };
      if (reasons.slice(refundFrom).includes('ConditionalCheckFailed')) return { ok: false, reason: 'refund_unavailable' };
      // Two resolves of one complaint at the same instant: DynamoDB cancels both; the retry lets one win.
      if (reasons.includes('TransactionConflict') && attempt < 8) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw err;
    }
  }
  return { ok: true, complaint: (await getComplaint(c.id))! };
}

/** WeChat Pay confirmed a complaint's refund: the outcome says so (travels in the order's `markRefunded`). */
export function complaintRefundedItem(complaintId: string, at: string): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: complaintKey(complaintId),
      UpdateExpression: 'SET outcome.refundStatus = :r, outcome.refundedAt = :at',
      ConditionExpression: 'attribute_exists(outcome)',
      ExpressionAttributeValues: { ':r': 'refunded', ':at': at },
    },
  };
}

export async function goodwillSpent(month: string): Promise<{ value: number; vouchers: number }> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: goodwillKey(month), ConsistentRead: true }));
  return { value: Number(out.Item?.value ?? 0), vouchers: Number(out.Item?.vouchers ?? 0) };
}

function toComplaint(i: Record<string, unknown>): Complaint {
  return {
    id: i.id as string,
    clientId: i.clientId as string,
    clientName: i.clientName as string,
    category: i.category as Complaint['category'],
    text: i.text as string,
    bookingId: i.bookingId as string | undefined,
    counselorId: i.counselorId as string | undefined,
    shareWithCounselor: Boolean(i.shareWithCounselor),
    status: i.status as Complaint['status'],
    createdAt: i.createdAt as string,
    assigneeId: i.assigneeId as string | undefined,
    firstResponseAt: i.firstResponseAt as string | undefined,
    resolvedAt: i.resolvedAt as string | undefined,
    outcome: i.outcome as ComplaintOutcome | undefined,
    replies: (i.replies as Reply[]) ?? [],
    clientUnread: Boolean(i.clientUnread),
  };
}
