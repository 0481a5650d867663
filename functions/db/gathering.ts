import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { GatheringInput, GatheringStatus, RegistrationStatus } from '../../shared/gathering/schema';
import { randomCheckinCode } from '../../shared/gathering/codes';
import { monthKey } from '../../shared/booking/rules';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from './client';

/** The old items a cancelled transaction returns (ALL_OLD), unmarshalled: the document client leaves them raw. */
function oldItems(err: unknown): (Record<string, unknown> | undefined)[] {
  const reasons = (err as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons ?? [];
  return reasons.map((r) => (r.Item ? unmarshall(r.Item) : undefined));
}

/**
 * Gatherings (docs/data-model.md § gathering):
 * - gathering     `GATHERING#<id>/GATHERING`, gsi1 `GATHERINGS#<Shanghai yyyy-MM of start>` / `<startsAt>#<id>`;
 *                 `registered` (seats taken) and `waitSeq` (waitlist ticket counter) live on it
 * - registration  `GATHERING#<id>/REG#<userId>`, gsi1 `USER#<userId>#GATHERINGS` / `<startsAt>#<id>`,
 *                 gsi2 `GATHWAIT#<id>` / `<waitSeq, 9 digits>` only while waitlisted (sparse: the queue in order)
 * - check-in code `CHECKIN#<code>/CHECKIN` → gatheringId, userId
 * A seat is taken only by a transaction whose condition is `registered < capacity` on the gathering item,
 * so capacity holds under any race; a retry finds its own registration and answers the same.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface GatheringRecord extends GatheringInput {
  id: string;
  status: GatheringStatus;
  registered: number;
  attended: number;
  waitSeq: number;
  createdBy: string;
  createdAt: string;
  publishedAt?: string;
}

export interface RegistrationRecord {
  gatheringId: string;
  userId: string;
  userName: string;
  status: RegistrationStatus;
  code: string;
  registeredAt: string;
  startsAt: string;
  waitSeq?: number;
  channel?: string;
  early?: boolean;
  viaPoints?: boolean;
  checkedInAt?: string;
  checkedInBy?: string;
  cancelledAt?: string;
  /** When this registration left the waitlist for a seat (or a payment hold). */
  promotedAt?: string;
  newClient?: boolean;
  /** A priced seat: its order, what is due (whole yuan), and until when it is held unpaid. */
  outTradeNo?: string;
  amountDue?: number;
  holdExpiresAt?: string;
  paidAt?: string;
  expiredAt?: string;
}

export const gatheringKey = (id: string) => ({ pk: `GATHERING#${id}`, sk: 'GATHERING' });
export const registrationKey = (gatheringId: string, userId: string) => ({ pk: `GATHERING#${gatheringId}`, sk: `REG#${userId}` });
const codeKey = (code: string) => ({ pk: `CHECKIN#${code}`, sk: 'CHECKIN' });
const waitKeys = (gatheringId: string, seq: number) => ({ gsi2pk: `GATHWAIT#${gatheringId}`, gsi2sk: String(seq).padStart(9, '0') });

const STRIP = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];
function strip<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!STRIP.includes(k)) out[k] = v;
  return out as T;
}
const toGathering = (i: Record<string, unknown>) => strip<GatheringRecord>(i);
const toRegistration = (i: Record<string, unknown>) => strip<RegistrationRecord>(i);

export async function putGathering(g: GatheringRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...gatheringKey(g.id), type: 'gathering', ...g, gsi1pk: `GATHERINGS#${monthKey(g.startsAt)}`, gsi1sk: `${g.startsAt}#${g.id}` },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export type UpdateOutcome = { ok: true; gathering: GatheringRecord } | { ok: false; reason: 'not_found' | 'capacity_below_registered' | 'cancelled' };

/** A marketer's edit: content replaced; seats already taken stay, so capacity may not drop below them. */
export async function updateGathering(id: string, input: GatheringInput): Promise<UpdateOutcome> {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = { ':cancelled': 'cancelled', ':cap': input.capacity };
  const sets: string[] = [];
  const removes: string[] = [];
  const fields = { ...input, gsi1pk: `GATHERINGS#${monthKey(input.startsAt)}`, gsi1sk: `${input.startsAt}#${id}` } as Record<string, unknown>;
  for (const k of ['kind', 'title', 'summary', 'mode', 'link', 'address', 'startsAt', 'endsAt', 'capacity', 'price', 'coverUrl', 'blocks', 'registrationOpensAt', 'earlyLevels', 'earlyTiers', 'earlyHours', 'quiz', 'gsi1pk', 'gsi1sk']) {
    names[`#${k}`] = k;
    if (fields[k] === undefined) removes.push(`#${k}`);
    else {
      sets.push(`#${k} = :${k}`);
      values[`:${k}`] = fields[k];
    }
  }
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: gatheringKey(id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND #s <> :cancelled AND registered <= :cap',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { ok: true, gathering: toGathering(out.Attributes!) };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const old = (err as { Item?: Record<string, unknown> }).Item;
    if (!old) return { ok: false, reason: 'not_found' };
    return { ok: false, reason: old.status === 'cancelled' ? 'cancelled' : 'capacity_below_registered' };
  }
}

export async function setGatheringStatus(id: string, to: GatheringStatus, from: GatheringStatus[], now: Date): Promise<GatheringRecord | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: gatheringKey(id),
        UpdateExpression: `SET #s = :to${to === 'published' ? ', publishedAt = if_not_exists(publishedAt, :now)' : ''}`,
        ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':to': to, ...(to === 'published' ? { ':now': now.toISOString() } : {}), ...Object.fromEntries(from.map((f, i) => [`:f${i}`, f])) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toGathering(out.Attributes!);
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return undefined;
  }
}

export async function getGathering(id: string, consistent = false): Promise<GatheringRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: gatheringKey(id), ConsistentRead: consistent }));
  return out.Item ? toGathering(out.Item) : undefined;
}

export async function listGatheringsOfMonth(month: string): Promise<GatheringRecord[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `GATHERINGS#${month}` } });
  return items.map(toGathering);
}

export async function getRegistration(gatheringId: string, userId: string, consistent = true): Promise<RegistrationRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: registrationKey(gatheringId, userId), ConsistentRead: consistent }));
  return out.Item ? toRegistration(out.Item) : undefined;
}

export async function listMyRegistrations(userId: string): Promise<RegistrationRecord[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `USER#${userId}#GATHERINGS` } });
  return items.map(toRegistration);
}

export async function listRegistrations(gatheringId: string): Promise<RegistrationRecord[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':p': `GATHERING#${gatheringId}`, ':s': 'REG#' },
  });
  return items.map(toRegistration);
}

/** 1-based place in the waitlist: waitlisted tickets up to and including this one. */
export async function waitlistPosition(gatheringId: string, seq: number): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :s',
      ExpressionAttributeValues: { ':p': `GATHWAIT#${gatheringId}`, ':s': waitKeys(gatheringId, seq).gsi2sk },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 1;
}

async function waitlistHead(gatheringId: string): Promise<RegistrationRecord | undefined> {
  const out = await db().send(
    new QueryCommand({ TableName: table(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': `GATHWAIT#${gatheringId}` }, Limit: 1 }),
  );
  return out.Items?.[0] ? toRegistration(out.Items[0]) : undefined;
}

function registrationPut(reg: RegistrationRecord, extraKeys: Record<string, unknown> = {}): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...registrationKey(reg.gatheringId, reg.userId), type: 'gathering_registration', ...reg, gsi1pk: `USER#${reg.userId}#GATHERINGS`, gsi1sk: `${reg.startsAt}#${reg.gatheringId}`, ...extraKeys },
      // A cancelled (or unpaid, expired) registration may be made again; any other is the same person's earlier answer.
      ConditionExpression: 'attribute_not_exists(pk) OR #s IN (:cancelled, :expired)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':expired': 'expired' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

const codePut = (code: string, gatheringId: string, userId: string): TransactItem => ({
  Put: { TableName: table(), Item: { ...codeKey(code), type: 'checkin_code', gatheringId, userId }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The seat: taken only while the gathering is published and has room. */
export const seatItem = (gatheringId: string): TransactItem => ({
  Update: {
    TableName: table(),
    Key: gatheringKey(gatheringId),
    UpdateExpression: 'SET registered = registered + :one',
    ConditionExpression: '#s = :published AND registered < #cap',
    ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
    ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

export type SeatOutcome =
  | { ok: true; registration: RegistrationRecord }
  | { ok: false; reason: 'existing'; registration: RegistrationRecord }
  | { ok: false; reason: 'full' | 'not_open' | 'not_found' | 'effect' };

/**
 * Takes a seat: ONE transaction (seat + registration + its check-in code), plus whatever pays for it
 * (`effect`, e.g. a points spend). A code collision (1 in ~10⁹ per pair) draws another code.
 */
export async function takeSeat(
  base: Omit<RegistrationRecord, 'status' | 'code'>,
  effect: TransactItem[] = [],
  status: 'registered' | 'pending_payment' = 'registered',
): Promise<SeatOutcome> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const reg: RegistrationRecord = { ...base, status, code: randomCheckinCode() };
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [seatItem(reg.gatheringId), registrationPut(reg), codePut(reg.code, reg.gatheringId, reg.userId), ...effect] }));
      return { ok: true, registration: reg };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons.length) throw err;
      const items = oldItems(err);
      if (reasons[1] === 'ConditionalCheckFailed' && items[1]) return { ok: false, reason: 'existing', registration: toRegistration(items[1]) };
      if (reasons[0] === 'ConditionalCheckFailed') {
        const g = items[0];
        if (!g) return { ok: false, reason: 'not_found' };
        return { ok: false, reason: g.status === 'published' ? 'full' : 'not_open' };
      }
      if (reasons[2] === 'ConditionalCheckFailed') continue;
      if (reasons.slice(3).some((r) => r === 'ConditionalCheckFailed')) return { ok: false, reason: 'effect' };
      if (reasons.includes('TransactionConflict')) continue;
      throw err;
    }
  }
  throw new Error('registration: could not take a seat after retries');
}

/**
 * A place on the waitlist: a ticket from the gathering's counter (arrival order), then the registration.
 * A retry finds the first registration and answers the same (its ticket number is simply skipped).
 */
export async function joinWaitlist(base: Omit<RegistrationRecord, 'status' | 'code'>): Promise<SeatOutcome> {
  let seq = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await db().send(
        new UpdateCommand({
          TableName: table(),
          Key: gatheringKey(base.gatheringId),
          UpdateExpression: 'ADD waitSeq :one',
          ConditionExpression: '#s = :published',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      seq = Number(out.Attributes!.waitSeq);
      break;
    } catch (err) {
      // A seat being taken in a transaction on the same item makes this write wait its turn.
      if ((err as { name?: string }).name === 'TransactionConflictException' && attempt < 8) continue;
      if (!isConditionFailure(err)) throw err;
      return { ok: false, reason: 'not_open' };
    }
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const reg: RegistrationRecord = { ...base, status: 'waitlisted', code: randomCheckinCode(), waitSeq: seq };
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [registrationPut(reg, waitKeys(reg.gatheringId, seq)), codePut(reg.code, reg.gatheringId, reg.userId)] }));
      return { ok: true, registration: reg };
    } catch (err) {
      const reasons = cancellationReasons(err);
      const items = oldItems(err);
      if (reasons[0] === 'ConditionalCheckFailed' && items[0]) return { ok: false, reason: 'existing', registration: toRegistration(items[0]) };
      if (reasons[1] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict')) continue;
      throw err;
    }
  }
  throw new Error('waitlist: could not join after retries');
}

/** How a waitlisted person takes a freed seat: registered (free gathering), or a payment hold (priced). */
export type Promoter = (head: RegistrationRecord) => TransactItem[];

export interface SeatRelease {
  /** cancelled by its holder, or expired (an unpaid hold ran out). */
  to?: 'cancelled' | 'expired';
  /** Written in the same transaction: the order's close or refund. A failed condition here changes nothing. */
  extra?: TransactItem[];
  promoter?: Promoter;
}

/**
 * Registered (or held unpaid) → cancelled / expired. The first on the waitlist takes the seat in the same
 * transaction, so no one jumps the queue and the seat count never moves in between.
 */
export async function cancelRegistration(reg: RegistrationRecord, now: Date, opts: SeatRelease = {}): Promise<{ ok: boolean; promoted?: string }> {
  const to = opts.to ?? 'cancelled';
  const extra = opts.extra ?? [];
  const promote = opts.promoter ?? ((head: RegistrationRecord) => [promoteItem(head, now)]);
  const cancel = (from: RegistrationStatus): TransactItem => ({
    Update: {
      TableName: table(),
      Key: registrationKey(reg.gatheringId, reg.userId),
      UpdateExpression: `SET #s = :to, ${to === 'expired' ? 'expiredAt' : 'cancelledAt'} = :now REMOVE gsi2pk, gsi2sk, holdExpiresAt`,
      // A seat's hold is its order's: a new registration after this one has another order and is not touched.
      ConditionExpression: reg.outTradeNo ? '#s = :from AND outTradeNo = :o' : '#s = :from',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':to': to, ':now': now.toISOString(), ':from': from, ...(reg.outTradeNo ? { ':o': reg.outTradeNo } : {}) },
    },
  });
  if (reg.status === 'waitlisted') {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [cancel('waitlisted')] }));
      return { ok: true };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return { ok: false };
    }
  }
  const from = reg.status === 'pending_payment' ? 'pending_payment' : 'registered';
  for (let attempt = 0; attempt < 6; attempt++) {
    const head = await waitlistHead(reg.gatheringId);
    const items: TransactItem[] = [cancel(from)];
    const promotion = head ? promote(head) : [];
    if (head) items.push(...promotion);
    else
      items.push({
        Update: { TableName: table(), Key: gatheringKey(reg.gatheringId), UpdateExpression: 'SET registered = registered - :one', ConditionExpression: 'registered > :zero', ExpressionAttributeValues: { ':one': 1, ':zero': 0 } },
      });
    const extraAt = items.length;
    items.push(...extra);
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true, ...(head ? { promoted: head.userId } : {}) };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons.length) throw err;
      if (reasons[0] === 'ConditionalCheckFailed') return { ok: false };
      if (reasons.slice(extraAt).includes('ConditionalCheckFailed')) return { ok: false };
      // The head left the waitlist meanwhile (cancelled, or promoted by someone else): look again.
    }
  }
  throw new Error('cancel registration: the waitlist kept changing');
}

export const promoteItem = (head: RegistrationRecord, now: Date): TransactItem => ({
  Update: {
    TableName: table(),
    Key: registrationKey(head.gatheringId, head.userId),
    UpdateExpression: 'SET #s = :registered, promotedAt = :now REMOVE gsi2pk, gsi2sk',
    ConditionExpression: '#s = :waitlisted',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':registered': 'registered', ':waitlisted': 'waitlisted', ':now': now.toISOString() },
  },
});

/**
 * Free seats go to the waitlist in order (after someone joined the waitlist just as a seat was given back,
 * or after a marketer raised the capacity). Each promotion takes a seat with the same capacity condition.
 */
export async function fillFromWaitlist(gatheringId: string, now: Date, promoter?: Promoter): Promise<string[]> {
  const promote = promoter ?? ((head: RegistrationRecord) => [promoteItem(head, now)]);
  const promoted: string[] = [];
  for (let i = 0; i < 50; i++) {
    const g = await getGathering(gatheringId, true);
    if (!g || g.status !== 'published' || g.registered >= g.capacity) break;
    const head = await waitlistHead(gatheringId);
    if (!head) break;
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [seatItem(gatheringId), ...promote(head)] }));
      promoted.push(head.userId);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
  return promoted;
}

export async function getCheckinCode(code: string): Promise<{ gatheringId: string; userId: string } | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: codeKey(code) }));
  return out.Item ? { gatheringId: out.Item.gatheringId as string, userId: out.Item.userId as string } : undefined;
}

export type CheckinOutcome = { ok: true; registration: RegistrationRecord } | { ok: false; registration?: RegistrationRecord };

/** Registered → attended, once: the condition names the code, so an old code of a re-registration does not count. */
export async function checkIn(gatheringId: string, userId: string, code: string, by: string, now: Date): Promise<CheckinOutcome> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: registrationKey(gatheringId, userId),
              UpdateExpression: 'SET #s = :attended, checkedInAt = :now, checkedInBy = :by',
              ConditionExpression: '#s = :registered AND code = :code',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':attended': 'attended', ':registered': 'registered', ':code': code, ':now': now.toISOString(), ':by': by },
            },
          },
          { Update: { TableName: table(), Key: gatheringKey(gatheringId), UpdateExpression: 'ADD attended :one', ExpressionAttributeValues: { ':one': 1 } } },
        ],
      }),
    );
    return { ok: true, registration: (await getRegistration(gatheringId, userId))! };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return { ok: false, registration: await getRegistration(gatheringId, userId) };
  }
}

export async function putQuizScore(userId: string, gatheringId: string, score: { correct: number; total: number }, now: Date): Promise<void> {
  // The player's own item: only `GET /gatherings/{id}` for that player reads it back.
  await db().send(new PutCommand({ TableName: table(), Item: { pk: `USER#${userId}`, sk: `QUIZ#${gatheringId}`, type: 'quiz_score', ...score, at: now.toISOString() } }));
}

export async function getQuizScore(userId: string, gatheringId: string): Promise<{ correct: number; total: number; at: string } | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { pk: `USER#${userId}`, sk: `QUIZ#${gatheringId}` } }));
  return out.Item ? { correct: Number(out.Item.correct), total: Number(out.Item.total), at: out.Item.at as string } : undefined;
}
