import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import type { Role } from '../../shared/auth/roles';
import type { Attribution, User } from '../../shared/auth/schema';
import { isOffersPaused } from '../../shared/care/crisis-pause';
import { db, isConditionFailure, table } from './client';

/**
 * Users: `USER#<id>/PROFILE`, found by role through gsi1 (`ROLE#<role>`, createdAt).
 * A login identity (`LOGIN#wechat#<openid>` or `LOGIN#dev#<role>#<name>`) points at exactly one user;
 * the identity and the profile are written in one transaction so a double tap cannot make two users.
 */
export interface UserRecord extends Omit<User, 'offersPaused'> {
  /** openid for WeChat logins, the simulated device for dev logins: one new friend per device. */
  deviceId: string;
  /** Set after a crisis result: until then no offer and no marketing message reaches this person. */
  crisisPauseUntil?: string;
}

const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' });
const loginKey = (identity: string) => ({ pk: `LOGIN#${identity}`, sk: 'LOGIN' });

export async function getUser(id: string): Promise<UserRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: userKey(id) }));
  return out.Item ? toUser(out.Item) : undefined;
}

export async function findOrCreateUser(
  identity: string,
  fields: { name: string; role: Role; deviceId: string; attribution?: Attribution },
): Promise<UserRecord & { created: boolean }> {
  const existing = await db().send(new GetCommand({ TableName: table(), Key: loginKey(identity) }));
  if (existing.Item) return { ...(await getUser(existing.Item.userId as string))!, created: false };
  const now = new Date().toISOString();
  const user: UserRecord = { id: ulid(), name: fields.name, role: fields.role, createdAt: now, marketingOptIn: false, deviceId: fields.deviceId };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...loginKey(identity), type: 'login', userId: user.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table(),
              // attribution: the campaign page that brought a new client (analytics counts it from the stream).
              Item: { ...userKey(user.id), type: 'user', ...user, attribution: fields.attribution, gsi1pk: `ROLE#${user.role}`, gsi1sk: `${now}#${user.id}` },
            },
          },
        ],
      }),
    );
    // `created` tells the caller to run new-user hooks (referral `signup`) exactly for this request.
    return { ...user, created: true };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    // Another request created this identity first: use theirs.
    const again = await db().send(new GetCommand({ TableName: table(), Key: loginKey(identity), ConsistentRead: true }));
    return { ...(await getUser(again.Item!.userId as string))!, created: false };
  }
}

export async function listUsersByRole(role: Role): Promise<UserRecord[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `ROLE#${role}` },
    }),
  );
  return (out.Items ?? []).map(toUser);
}

export async function updateProfile(id: string, patch: { name?: string; marketingOptIn?: boolean }): Promise<UserRecord> {
  const sets: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    sets.push(`#${k} = :${k}`);
    names[`#${k}`] = k;
    values[`:${k}`] = v;
  }
  if (!sets.length) return (await getUser(id))!;
  const out = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: userKey(id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toUser(out.Attributes!);
}

/**
 * Pauses offers and marketing to a user until `until`, or keeps a later pause already set: the condition makes
 * concurrent crisis results end up with the latest end, never an earlier one.
 */
export async function pauseOffersUntil(id: string, until: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: userKey(id),
        UpdateExpression: 'SET crisisPauseUntil = :u',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(crisisPauseUntil) OR crisisPauseUntil < :u)',
        ExpressionAttributeValues: { ':u': until },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

export function publicUser(u: UserRecord, now: Date = new Date()): User {
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    createdAt: u.createdAt,
    marketingOptIn: u.marketingOptIn,
    offersPaused: isOffersPaused(u.crisisPauseUntil, now),
  };
}

function toUser(item: Record<string, unknown>): UserRecord {
  return {
    id: item.id as string,
    name: item.name as string,
    role: item.role as Role,
    createdAt: item.createdAt as string,
    marketingOptIn: Boolean(item.marketingOptIn),
    deviceId: (item.deviceId as string) ?? '',
    crisisPauseUntil: item.crisisPauseUntil as string | undefined,
  };
}
