import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { db, dbStats, table } from '../../functions/db/client';
import { putGathering, type GatheringRecord } from '../../functions/db/gathering';
import { earnPoints } from '../../functions/db/points';
import { logger } from '../../functions/http/logger';
import { freshTable, pool, report, startLocalApi, type Section } from './support';

const CLIENTS = 200;
const CONCURRENCY = 32;

function gathering(id: string, capacity: number): GatheringRecord {
  const start = Date.now() + 7 * 86_400_000;
  return {
    id, kind: 'talk', title: 'bench', summary: '', mode: 'online', link: 'https://example.com/bench', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString(),
    capacity, price: 0, blocks: [], earlyLevels: [], earlyTiers: [], earlyHours: 24, status: 'published', registered: 0, attended: 0, waitSeq: 0,
    createdBy: 'bench', createdAt: new Date().toISOString(), publishedAt: new Date().toISOString(),
  };
}

/** The same shape of write as a registration (seat on ONE gathering item + registration + code), straight to DynamoDB. */
async function rawTransactRate(): Promise<number> {
  const g = ulid();
  await putGathering(gathering(g, CLIENTS * 2));
  const seconds = await pool(CLIENTS, CONCURRENCY, async (i) => {
    for (;;) {
      try {
        await db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table(), Key: { pk: `GATHERING#${g}`, sk: 'GATHERING' }, UpdateExpression: 'SET registered = registered + :one',
                  ConditionExpression: '#s = :p AND registered < #cap', ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' }, ExpressionAttributeValues: { ':one': 1, ':p': 'published' },
                },
              },
              { Put: { TableName: table(), Item: { pk: `RAWGATHERING#${g}`, sk: `REG#${i}`, n: i }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: table(), Item: { pk: `RAWCODE#${g}#${i}`, sk: 'CHECKIN' }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        return;
      } catch (err) {
        // The same retry a registration makes when transactions on the one gathering item collide.
        if (!JSON.stringify((err as { CancellationReasons?: unknown }).CancellationReasons ?? '').includes('TransactionConflict')) throw err;
      }
    }
  });
  return CLIENTS / seconds;
}

export const membershipBench: Section = {
  name: 'membership',
  async run() {
    await freshTable();
    logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
    const url = await startLocalApi();
    const call = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const clients: { token: string; id: string }[] = [];
    await pool(CLIENTS, 16, async (i) => {
      const b = (await call('/auth/dev-login', { name: `bench-member-${i}`, role: 'client' })).body;
      clients[i] = { token: b.token, id: b.user.id };
    });

    const g = ulid();
    await putGathering(gathering(g, CLIENTS));
    const rawBefore = await rawTransactRate();
    let before = dbStats.requests;
    let failures = 0;
    const seconds = await pool(CLIENTS, CONCURRENCY, async (i) => {
      const res = await call(`/gatherings/${g}/registrations`, {}, clients[i].token);
      if (res.status !== 201 || res.body.status !== 'registered') failures++;
    });
    const perRegistration = (dbStats.requests - before) / CLIENTS;
    if (failures) throw new Error(`${failures} of ${CLIENTS} registrations were not 201 registered`);
    const apiRate = CLIENTS / seconds;
    const rawRate = (rawBefore + (await rawTransactRate())) / 2;

    // Points: every client holds 100; each spends 60 on a course (ONE transaction: entry, balance, entitlement, pause check, stats).
    await pool(CLIENTS, 16, async (i) => {
      await earnPoints({ userId: clients[i].id, cause: 'earn:bench', ruleCause: 'bench', points: 100, budget: 1e9, label: 'bench', now: new Date() });
    });
    await call('/me/points/redemptions', { rewardId: 'course-basic' }, clients[0].token); // warms the settings cache
    before = dbStats.requests;
    failures = 0;
    await pool(CLIENTS - 1, CONCURRENCY, async (i) => {
      const res = await call('/me/points/redemptions', { rewardId: 'course-basic' }, clients[i + 1].token);
      if (res.status !== 201) failures++;
    });
    const perSpend = (dbStats.requests - before) / (CLIENTS - 1);
    if (failures) throw new Error(`${failures} points spends failed`);

    report(`membership: registrations/s, ${CLIENTS} clients on ONE gathering at concurrency ${CONCURRENCY} through the local HTTP API`, apiRate.toFixed(0), 'registrations/s');
    report('membership: DynamoDB Local raw TransactWriteItems (same 3-item shape on one gathering item), same run', rawRate.toFixed(0), 'transactions/s');
    report('membership: ratio API / raw', (apiRate / rawRate).toFixed(2), '', 'target ≥ 0.5');
    report('membership: DynamoDB requests per registration', perRegistration.toFixed(2), 'requests', 'target 1');
    report('membership: DynamoDB requests per points spend', perSpend.toFixed(2), 'requests', 'target 1');
  },
};
