import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { runMessageCampaign } from '../../functions/care/sender';
import { db, dbStats, table } from '../../functions/db/client';
import { createMessageCampaign, segmentPage } from '../../functions/db/messages';
import { LEVELS } from '../../shared/membership/levels';
import { freshTable, pool, report, type Section } from './support';

/**
 * Message-campaign fan-out on DynamoDB Local with a 100,000-client segment: the client profiles (consenting to
 * marketing, one grant each) are written with BatchWriteItem; then
 *  1. the whole segment is read through gsi1 `ROLE#client` (no table scan): time, requests, items read per client;
 *  2. one scheduled run of a campaign decides its share of clients (the real sender: claim transaction, send to the
 *     local WeChat stand-in): clients evaluated per second and DynamoDB requests per client.
 */
const N = 100_000;
const RUN_SHARE = 4_000;
const TEMPLATE = 'bench-template';

async function batchWrite(items: Record<string, unknown>[]): Promise<void> {
  await pool(Math.ceil(items.length / 25), 32, async (c) => {
    let pending: Record<string, unknown>[] = items.slice(c * 25, c * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [table()]: pending as never } }));
      pending = (out.UnprocessedItems?.[table()] as Record<string, unknown>[] | undefined) ?? [];
    }
  });
}

function clients(n: number): Record<string, unknown>[] {
  const at = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = ulid();
    items.push({
      pk: `USER#${id}`,
      sk: 'PROFILE',
      type: 'user',
      id,
      name: `来访者${i}`,
      role: 'client',
      createdAt: at,
      deviceId: `bench-openid-${i}`,
      marketingOptIn: true,
      consent_marketing: { granted: true, at },
      ...(i % 4 ? { level: LEVELS[i % 4] } : {}),
      attribution: { campaignId: 'c1', channel: ['wechat', 'douyin', 'poster'][i % 3], variant: 'A', visitorId: `visitor-${i}-bench` },
      gsi1pk: 'ROLE#client',
      gsi1sk: `${at}#${id}`,
    });
    items.push({ pk: `USER#${id}`, sk: `SUBGRANT#${TEMPLATE}`, type: 'subgrant', count: 1 });
  }
  return items;
}

export const careBench: Section = {
  name: 'care',
  async run() {
    await freshTable();
    const seedStart = performance.now();
    await batchWrite(clients(N));
    report('care: seed 100k client profiles + grants', ((performance.now() - seedStart) / 1000).toFixed(1), 's');

    const segment = { purpose: 'marketing' as const, levels: [...LEVELS], sources: ['wechat', 'douyin', 'poster'] };
    let cursor: Record<string, unknown> | undefined;
    let read = 0;
    let matched = 0;
    const before = dbStats.requests;
    const walkStart = performance.now();
    do {
      const page = await segmentPage(segment, cursor, 1000);
      read += page.read;
      matched += page.candidates.length;
      cursor = page.cursor;
    } while (cursor);
    const walk = (performance.now() - walkStart) / 1000;
    report('care: segment of 100k clients read through gsi1 ROLE#client', walk.toFixed(1), 's', `${matched} matched`);
    report('care: segment read rate', Math.round(N / walk), 'clients/s');
    report('care: items read per client (segment)', (read / N).toFixed(2), 'items', 'target ≤ 1, no table scan');
    report('care: DynamoDB requests per client (segment)', ((dbStats.requests - before) / N).toFixed(4), 'requests');

    const id = ulid();
    const now = new Date();
    const morning = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3)); // 11:00 Beijing
    await createMessageCampaign({ id, name: 'bench', templateId: TEMPLATE, title: '读书会', body: '周六下午见', segment, createdBy: 'bench', createdAt: now.toISOString(), status: 'queued' });
    const runBefore = dbStats.requests;
    const runStart = performance.now();
    const out = await runMessageCampaign(id, () => morning, { maxClients: RUN_SHARE, pageSize: 500 });
    const secs = (performance.now() - runStart) / 1000;
    report('care: campaign run, clients evaluated', out.evaluated, 'clients', `${out.sent} sent, state ${out.state}`);
    report('care: campaign fan-out', Math.round(out.evaluated / secs), 'clients evaluated/s', 'claim transaction + send per client');
    report('care: items read per client (run)', (out.read / out.evaluated).toFixed(2), 'items', 'target ≤ 1');
    report('care: DynamoDB requests per client (run)', ((dbStats.requests - runBefore) / out.evaluated).toFixed(3), 'requests', 'one transaction each + segment pages');
    report('care: projected time for the whole 100k segment', Math.round(N / (out.evaluated / secs)), 's', `${Math.ceil(N / 20_000)} scheduled runs of ≤ 20,000`);
  },
};
