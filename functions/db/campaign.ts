import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isLive } from '../../shared/campaign/live';
import type { Campaign, CampaignInput } from '../../shared/campaign/schema';
import { db, isConditionFailure, table } from './client';

/**
 * Campaigns: `CAMPAIGN#<id>/CAMPAIGN`, all of them listed through gsi1 (`CAMPAIGNS`, createdAt#id).
 * There are few campaigns, so "the live invite campaign" is a query of that list, filtered in code.
 * Client events: `EVENT#<eventId>/EVENT`, written once (the event id is the idempotency key); the analytics
 * stream turns them into counters.
 */
export const campaignKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });

export async function getCampaign(id: string): Promise<Campaign | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: campaignKey(id) }));
  return out.Item ? strip(out.Item) : undefined;
}

export async function putCampaign(c: Campaign): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...campaignKey(c.id), type_: 'campaign', ...c, gsi1pk: 'CAMPAIGNS', gsi1sk: `${c.createdAt}#${c.id}` },
    }),
  );
}

export async function listCampaigns(): Promise<Campaign[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'CAMPAIGNS' },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map(strip);
}

/** The newest live invite campaign, if any. */
export async function liveInviteCampaign(now: Date): Promise<Campaign | undefined> {
  return (await listCampaigns()).find((c) => c.type === 'invite' && isLive(c, now));
}

/** Replaces the marketer-editable fields; refused (false) once the campaign has ended. */
export async function updateCampaignContent(id: string, input: CampaignInput, now: Date): Promise<Campaign | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: campaignKey(id),
        UpdateExpression:
          'SET #n = :n, #t = :t, startsAt = :s, endsAt = :e, channels = :c, variants = :v, updatedAt = :now' +
          (input.channelLabels ? ', channelLabels = :cl' : '') +
          (input.rules ? ', #r = :r' : '') +
          (!input.rules || !input.channelLabels ? ` REMOVE ${[!input.rules && '#r', !input.channelLabels && 'channelLabels'].filter(Boolean).join(', ')}` : ''),
        ConditionExpression: 'attribute_exists(pk) AND #st <> :ended',
        ExpressionAttributeNames: { '#n': 'name', '#t': 'type', '#r': 'rules', '#st': 'status' },
        ExpressionAttributeValues: {
          ':n': input.name,
          ':t': input.type,
          ':s': input.startsAt,
          ':e': input.endsAt,
          ':c': input.channels,
          ':v': input.variants,
          ':now': now.toISOString(),
          ':ended': 'ended',
          ...(input.rules ? { ':r': input.rules } : {}),
          ...(input.channelLabels ? { ':cl': input.channelLabels } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(out.Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/** draft → published, published → ended: conditional, so a double click or a race cannot skip a state. */
export async function transitionCampaign(id: string, from: Campaign['status'][], to: Campaign['status'], now: Date): Promise<Campaign | undefined> {
  const values: Record<string, string> = { ':to': to, ':now': now.toISOString() };
  from.forEach((f, i) => (values[`:f${i}`] = f));
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: campaignKey(id),
        UpdateExpression: `SET #st = :to, updatedAt = :now${to === 'published' ? ', publishedAt = :now' : to === 'ended' ? ', endedAt = :now' : ''}`,
        ConditionExpression: `attribute_exists(pk) AND #st IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(out.Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export interface CampaignEvent {
  eventId: string;
  eventType: string;
  campaignId: string;
  channel: string;
  variant: string;
  visitorId: string;
  userId?: string;
  /** share_opened / invite_shared: the share kind (card, link, poster). */
  via?: string;
  at: string;
}

/** Raw events are kept 13 months (a year-on-year comparison), then DynamoDB's TTL removes them. */
const EVENT_TTL_DAYS = 400;

/** Writes the event once: false when this event id was already recorded (a retry). */
export async function putCampaignEvent(e: CampaignEvent): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { pk: `EVENT#${e.eventId}`, sk: 'EVENT', type: 'event', ...e, ttl: Math.floor(Date.parse(e.at) / 1000) + EVENT_TTL_DAYS * 86400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export function campaignFromItem(item: Record<string, unknown>): Campaign {
  return strip(item);
}

function strip(item: Record<string, unknown>): Campaign {
  const { pk, sk, gsi1pk, gsi1sk, type_, publishedAt, endedAt, ...rest } = item;
  void pk, sk, gsi1pk, gsi1sk, type_, publishedAt, endedAt;
  return { channels: [], variants: [], ...rest } as unknown as Campaign;
}
