import type { Server } from 'node:http';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { reduce, type ClientState, type DomainEvent, type Scope } from '../../shared/analytics/counters';
import { CampaignSchema, type Campaign } from '../../shared/campaign/schema';
import { chooseVariant } from '../../shared/campaign/variants';
import { signToken } from '../../functions/auth/token';
import { counterKey, readCampaignCounters } from '../../functions/db/analytics';
import { putCampaign } from '../../functions/db/campaign';
import { db, dbStats, table } from '../../functions/db/client';
import { logger } from '../../functions/http/logger';
import { createApiServer, listen } from '../../functions/local/server';
import { drainStreams } from '../../functions/local/streams';
import { freshTable, median, onCleanup, pool, report, type Section } from './support';

/**
 * The dashboard's cost at 1,000 and at 100,000 clients. For each size: clients (user items with attribution),
 * their page views and some self-tests are written fast with BatchWriteItem at concurrency 32; the counters are
 * built by the real stream handler at 1,000 (drainStreams) and, at 100,000, with the same reducer in memory
 * (the stream path would take ~20 minutes on DynamoDB Local on 2 cores); then the dashboard and the tiers view
 * are called through the local HTTP API: median latency and DynamoDB requests per call, and their ratio.
 */
const SIZES = [1_000, 100_000];
const CONCURRENCY = 32;
const CALLS = 20;
const CHANNELS = ['wechat', 'douyin', 'poster', 'partner_gym'];

async function batchWrite(items: Record<string, unknown>[]): Promise<void> {
  const chunks = Math.ceil(items.length / 25);
  await pool(chunks, CONCURRENCY, async (c) => {
    let pending: Record<string, unknown>[] = items.slice(c * 25, c * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [table()]: pending as never } }));
      pending = (out.UnprocessedItems?.[table()] as Record<string, unknown>[] | undefined) ?? [];
    }
  });
}

function benchCampaign(): Campaign {
  const now = new Date();
  return CampaignSchema.parse({
    id: 'bench-campaign',
    name: '基准活动',
    type: 'theme_day',
    status: 'published',
    startsAt: new Date(now.getTime() - 86_400_000).toISOString(),
    endsAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    channels: CHANNELS,
    variants: ['A', 'B'].map((id) => ({ id, name: id, weight: 50, blocks: [{ kind: 'title', text: id }] })),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
}

/** The raw items (user, page view, self-test for every third client) and the domain events the stream would emit. */
function dataset(c: Campaign, n: number) {
  const items: Record<string, unknown>[] = [];
  const events: DomainEvent[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const id = ulid();
    const visitorId = `bench-visitor-${i}`;
    const channel = CHANNELS[i % CHANNELS.length];
    const variant = chooseVariant(c.variants, c.id, visitorId)!.id;
    const optIn = i % 3 === 0;
    items.push({ pk: `USER#${id}`, sk: 'PROFILE', type: 'user', id, name: `客户${i}`, role: 'client', createdAt: at, marketingOptIn: optIn, deviceId: visitorId, attribution: { campaignId: c.id, channel, variant, visitorId } });
    items.push({ pk: `EVENT#bench-${i}`, sk: 'EVENT', type: 'event', eventId: `bench-${i}`, eventType: 'page_view', campaignId: c.id, channel, variant, visitorId, at });
    events.push({ kind: 'page_view', campaignId: c.id, channel, variant }, { kind: 'visitor_first_seen', campaignId: c.id, channel, variant });
    events.push({ kind: 'user_created', userId: id, role: 'client', optIn, attribution: { campaignId: c.id, channel, variant } });
    if (i % 3 === 1) {
      const rid = ulid();
      items.push({ pk: `USER#${id}`, sk: `SELFTEST#${rid}`, type: 'selftest', id: rid, instrument: 'phq9', answers: [1, 1, 1, 0, 0, 0, 0, 0, 0], score: 3, band: 'minimal', crisis: false, createdAt: at });
      events.push({ kind: 'stage_reached', userId: id, stage: 'selftests' });
    }
  }
  return { items, events };
}

/** The counters the stream handler would leave, from the same reducer, written with one ADD per counter item. */
async function buildCountersInMemory(events: DomainEvent[]): Promise<void> {
  const states = new Map<string, ClientState>();
  const sums = new Map<string, { scope: Scope; attrs: Map<string, number> }>();
  for (const e of events) {
    const uid = 'userId' in e ? e.userId : undefined;
    const out = reduce(uid ? states.get(uid) : undefined, e);
    if (uid && out.state) states.set(uid, out.state);
    for (const d of out.deltas) {
      const k = JSON.stringify(counterKey(d.scope));
      const s = sums.get(k) ?? { scope: d.scope, attrs: new Map() };
      s.attrs.set(d.attr, (s.attrs.get(d.attr) ?? 0) + d.n);
      sums.set(k, s);
    }
  }
  for (const { scope, attrs } of sums.values()) {
    const entries = [...attrs.entries()];
    for (let i = 0; i < entries.length; i += 50) {
      const part = entries.slice(i, i + 50);
      await db().send(
        new UpdateCommand({
          TableName: table(),
          Key: counterKey(scope),
          UpdateExpression: `ADD ${part.map((_, j) => `#a${j} :v${j}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(part.map(([a], j) => [`#a${j}`, a])),
          ExpressionAttributeValues: Object.fromEntries(part.map(([, v], j) => [`:v${j}`, v])),
        }),
      );
    }
  }
}

async function measure(url: string, path: string, token: string) {
  const ms: number[] = [];
  const requests: number[] = [];
  let body: any;
  for (let i = 0; i < CALLS; i++) {
    const before = dbStats.requests;
    const t0 = performance.now();
    const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
    body = await res.json();
    ms.push(performance.now() - t0);
    requests.push(dbStats.requests - before);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  }
  return { ms: median(ms), requests: Math.max(...requests), body };
}

export const analyticsBench: Section = {
  name: 'analytics',
  async run() {
    logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
    const results: { n: number; dashboard: { ms: number; requests: number }; tiers: { ms: number; requests: number } }[] = [];
    for (const n of SIZES) {
      await freshTable();
      // At 100,000 the counters come from the reducer in memory, so the table's stream is switched off: DynamoDB
      // Local writes about twice as fast without keeping stream records nobody reads.
      if (n > 1_000) await db().send(new UpdateTableCommand({ TableName: table(), StreamSpecification: { StreamEnabled: false } }));
      const c = benchCampaign();
      await putCampaign(c);
      const { items, events } = dataset(c, n);
      const t0 = performance.now();
      await batchWrite(items);
      const writeSeconds = (performance.now() - t0) / 1000;
      report(`analytics seed ${n} clients`, `${items.length} items in ${writeSeconds.toFixed(1)}`, 's', `${Math.round(items.length / writeSeconds)} items/s, BatchWriteItem ×${CONCURRENCY}`);

      const t1 = performance.now();
      if (n <= 1_000) await drainStreams();
      else await buildCountersInMemory(events);
      report(`analytics counters ${n} clients`, ((performance.now() - t1) / 1000).toFixed(1), 's', n <= 1_000 ? 'stream handler via drainStreams' : 'same reducer, in memory');

      const server: Server = createApiServer();
      const port = await listen(server, 0);
      onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const url = `http://127.0.0.1:${port}`;
      const token = await signToken({ id: 'bench-marketer', name: 'bench', role: 'marketer' });
      const dashboard = await measure(url, `/analytics/campaigns/${c.id}`, token);
      const signups = dashboard.body.funnel.total.counts.signups;
      if (signups !== n) throw new Error(`dashboard shows ${signups} sign-ups for ${n} clients`);
      const tiers = await measure(url, '/analytics/tiers', token);
      server.close();
      const stats = await readCampaignCounters(c.id);
      report(`analytics dashboard ${n} clients`, dashboard.ms.toFixed(1), 'ms median', `${dashboard.requests} DynamoDB requests (one BatchGetItem: campaign, counter shards, daily items), ${Object.keys(stats).length} counter attributes`);
      report(`analytics tiers ${n} clients`, tiers.ms.toFixed(1), 'ms median', `${tiers.requests} DynamoDB requests`);
      results.push({ n, dashboard, tiers });
    }
    const [small, large] = results;
    report('analytics dashboard requests ratio 100k/1k', (large.dashboard.requests / small.dashboard.requests).toFixed(2), '×', 'target ≤ 1.1');
    report('analytics tiers requests ratio 100k/1k', (large.tiers.requests / small.tiers.requests).toFixed(2), '×', 'target ≤ 1.1');
  },
};
