import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { CampaignSchema } from '../../shared/campaign/schema';
import { DEFAULT_REWARD_RULES } from '../../shared/referral/rules';
import { COUNTER_SHARDS, readCampaignCounters } from '../../functions/db/analytics';
import { putCampaign } from '../../functions/db/campaign';
import { db, table } from '../../functions/db/client';
import { logger } from '../../functions/http/logger';
import { drainStreams, startStreamPoller } from '../../functions/local/streams';
import { freshTable, pool, report, type Section } from './support';

/**
 * A viral spike on the analytics counters (issue 11 item 8): 500 qualifying events/s across 100 inviters, on DynamoDB
 * Local, through the real stream path (`npm start`'s poller → the analytics stream handler).
 *
 * Each qualifying event writes what the referral capability writes when a friend qualifies — the friend's edge gains
 * `qualifiedAt` (→ invite loop "qualified"), the friend's voucher (→ vouchers granted), and on every third friend of an
 * inviter the inviter's milestone voucher — as item changes in their real shapes, offered at 500 events/s.
 * Every counter write is counted per item (a middleware on the DynamoDB client), and the bench prints:
 * - the hottest counter item's writes per event, and so its writes/s at 500 events/s (the design figure, target ≤ 300;
 *   what one unsharded campaign item would take is printed beside it);
 * - the hottest item's measured writes/s while the local stream handler ran (bounded by this machine);
 * - the stream lag, from a source item's write to its counter being visible, p50 and p95.
 */
const INVITERS = 100;
const RATE = 500; // qualifying events per second
const SECONDS = 4;
const EVENTS = RATE * SECONDS;

const keyString = (k: Record<string, unknown> | undefined) => {
  const s = (v: unknown) => (typeof v === 'string' ? v : (v as { S?: string })?.S ?? '');
  return k ? `${s(k.pk)}|${s(k.sk)}` : '';
};

/** Counts writes per item key: puts, updates, and each item of a transaction. */
function countWrites(): { counts: Map<string, number>; times: Map<string, number[]>; stop: () => void } {
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  const add = (k: string) => {
    if (!k.startsWith('STATS#')) return;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    const t = times.get(k) ?? [];
    t.push(performance.now());
    times.set(k, t);
  };
  const name = `countWrites-${ulid()}`;
  db().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, any>;
      if (input.TransactItems) for (const it of input.TransactItems) add(keyString((it.Update ?? it.Put ?? it.Delete ?? it.ConditionCheck)?.Key ?? (it.Put?.Item as Record<string, unknown>)));
      else if (input.Key && ('UpdateExpression' in input)) add(keyString(input.Key));
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { counts, times, stop: () => db().middlewareStack.remove(name) };
}

async function batchPut(items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [table()]: pending } }));
      pending = (out.UnprocessedItems?.[table()] as typeof pending | undefined) ?? [];
    }
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export const analyticsSpikeBench: Section = {
  name: 'analytics-spike',
  async run() {
    logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
    await freshTable();
    const now = new Date();
    const campaignId = 'spike-campaign';
    await putCampaign(
      CampaignSchema.parse({
        id: campaignId,
        name: '裂变压测',
        type: 'invite',
        status: 'published',
        startsAt: new Date(now.getTime() - 86_400_000).toISOString(),
        endsAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
        channels: ['wechat'],
        rules: DEFAULT_REWARD_RULES,
        variants: [{ id: 'A', name: 'A', weight: 1, blocks: [{ kind: 'title', text: '压测' }] }],
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      }),
    );
    // Friends accepted before the spike (their edges are counted first and are not part of the measurement).
    const friends = Array.from({ length: EVENTS }, (_, i) => ({ id: `spike-friend-${i}`, inviter: `spike-inviter-${i % INVITERS}` }));
    const edge = (f: (typeof friends)[number]) => ({ pk: `USER#${f.id}`, sk: 'REFERRAL', type: 'referral', userId: f.id, inviterId: f.inviter, depth: 1, rootId: f.inviter, campaignId, via: 'card', acceptedAt: now.toISOString() });
    await pool(Math.ceil(friends.length / 25), 8, (c) => batchPut(friends.slice(c * 25, c * 25 + 25).map(edge)));
    const t0 = performance.now();
    await drainStreams();
    report('analytics spike setup', ((performance.now() - t0) / 1000).toFixed(1), 's', `${EVENTS} accepted friends counted first`);

    const writes = countWrites();
    const stopPoller = startStreamPoller(100, () => undefined);
    const writtenAt: number[] = [];
    const started = performance.now();
    const perInviter = new Map<string, number>();
    // Offer 500 events/s: every 100 ms a batch of 50 events' items.
    const TICK = 100;
    const perTick = (RATE * TICK) / 1000;
    for (let tick = 0; tick * perTick < EVENTS; tick++) {
      const due = started + tick * TICK;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const batch = friends.slice(tick * perTick, (tick + 1) * perTick);
      const items: Record<string, unknown>[] = [];
      for (const f of batch) {
        const at = new Date().toISOString();
        items.push({ ...edge(f), qualifiedAt: at, qualifiedBy: `selftest_completed:${f.id}` });
        items.push({ pk: `VOUCHER#fr-${f.id}`, sk: 'VOUCHER', type: 'voucher', id: `fr-${f.id}`, ownerId: f.id, status: 'issued', value: 50, expiresAt: '2027-02-01T15:59:59.999Z', campaignId, reason: 'invited_friend', createdAt: at });
        const n = (perInviter.get(f.inviter) ?? 0) + 1;
        perInviter.set(f.inviter, n);
        if (n % 3 === 0) items.push({ pk: `VOUCHER#inv-${f.inviter}-${n / 3}`, sk: 'VOUCHER', type: 'voucher', id: `inv-${f.inviter}-${n / 3}`, ownerId: f.inviter, status: 'issued', value: 100, expiresAt: '2027-02-01T15:59:59.999Z', campaignId, reason: 'inviter_milestone', createdAt: at });
      }
      void pool(Math.ceil(items.length / 25), 4, (c) => batchPut(items.slice(c * 25, c * 25 + 25))).then(() => {
        const t = performance.now();
        for (let i = 0; i < batch.length; i++) writtenAt.push(t);
      });
    }
    const offered = (performance.now() - started) / 1000;

    // Lag: event i (in write order) is visible once the summed "qualified" counter reaches i + 1.
    const visibleAt: number[] = [];
    const deadline = performance.now() + 600_000;
    while (visibleAt.length < EVENTS && performance.now() < deadline) {
      const n = await readCampaignCounters(campaignId);
      const qualified = n['il|qualified|g1'] ?? 0;
      const t = performance.now();
      while (visibleAt.length < Math.min(qualified, writtenAt.length)) visibleAt.push(t);
      await new Promise((r) => setTimeout(r, 50));
    }
    stopPoller();
    await drainStreams();
    writes.stop();
    const processed = (performance.now() - started) / 1000;
    const lags = visibleAt.map((t, i) => t - writtenAt[i]);

    const campaignItems = [...writes.counts.entries()].filter(([k]) => k.startsWith(`STATS#CAMPAIGN#${campaignId}|STATS`));
    const [hotKey, hotWrites] = campaignItems.sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const allCampaignWrites = campaignItems.reduce((s, [, n]) => s + n, 0);
    // measured: the busiest one-second window of the hottest item while the local handler ran
    const times = writes.times.get(hotKey) ?? [];
    let busiest = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j] - times[i] > 1000) i++;
      busiest = Math.max(busiest, j - i + 1);
    }
    report('analytics spike offered', (EVENTS / offered).toFixed(0), 'qualifying events/s', `${EVENTS} events, ${INVITERS} inviters, ${SECONDS} s`);
    report('analytics spike processed', (EVENTS / processed).toFixed(0), 'events/s', 'the local stream handler on DynamoDB Local (one poller)');
    report('analytics spike counter writes per event', (allCampaignWrites / EVENTS).toFixed(2), 'writes', `to the campaign's counters, over ${COUNTER_SHARDS} shards`);
    report('analytics spike hottest item at 500 events/s', ((hotWrites / EVENTS) * RATE).toFixed(0), 'writes/s', `target ≤ 300; one unsharded item would take ${((allCampaignWrites / EVENTS) * RATE).toFixed(0)}`);
    report('analytics spike hottest item measured', busiest, 'writes/s', `busiest second of ${hotKey} at the local processing rate`);
    report('analytics spike stream lag p50', (pct(lags, 50) / 1000).toFixed(2), 's', 'write → counter visible');
    report('analytics spike stream lag p95', (pct(lags, 95) / 1000).toFixed(2), 's', `write → counter visible; ${visibleAt.length}/${EVENTS} seen`);
  },
};
