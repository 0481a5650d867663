import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { db, dbStats, table } from '../../functions/db/client';
import { logger } from '../../functions/http/logger';
import { onQualifyingAction } from '../../functions/referral/service';
import { seedReferral } from '../../functions/referral/seed';
import { freshTable, pool, report, startLocalApi, type Section } from './support';

const ACCEPTS = 320;
const INVITERS = 80;
const CONCURRENCY = 32;

/** The same shape of write as an accept (friend edge, inviter count, inviter stats, device claim), straight to DynamoDB. */
async function rawTransactRate(): Promise<number> {
  const seconds = await pool(ACCEPTS, CONCURRENCY, async (i) => {
    const id = ulid();
    const inviter = `RAWINV#${i % INVITERS}`;
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table(), Item: { pk: `RAWEDGE#${id}`, sk: 'RAW', inviterId: inviter }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: table(), Key: { pk: inviter, sk: `RAW#${id}` }, UpdateExpression: 'ADD invited :one', ExpressionAttributeValues: { ':one': 1 } } },
          { Update: { TableName: table(), Key: { pk: inviter, sk: `RAWSTATS#${id}` }, UpdateExpression: 'ADD accepted :one', ExpressionAttributeValues: { ':one': 1 } } },
          { Put: { TableName: table(), Item: { pk: `RAWDEVICE#${id}`, sk: 'RAW' }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  });
  return ACCEPTS / seconds;
}

/**
 * Invite acceptance throughput through the local HTTP API beside DynamoDB Local's raw transaction rate, and
 * the DynamoDB requests an accept and a qualifying action cost.
 */
export const referralBench: Section = {
  name: 'referral',
  async run() {
    await freshTable();
    logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
    await seedReferral();
    const url = await startLocalApi();
    const call = async (method: string, path: string, body?: unknown, token?: string) => {
      const res = await fetch(url + path, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const login = async (name: string) => (await call('POST', '/auth/dev-login', { name, role: 'client' })).body as { token: string; user: { id: string } };

    // Inviters with their codes, and one brand-new friend per accept (not timed).
    const codes: string[] = [];
    await pool(INVITERS, 16, async (i) => {
      const inviter = await login(`bench-inviter-${i}`);
      codes[i] = (await call('GET', '/me/invite', undefined, inviter.token)).body.code;
    });
    const friends: { token: string; user: { id: string } }[] = [];
    await pool(ACCEPTS, 16, async (i) => {
      friends[i] = await login(`bench-friend-${i}`);
    });

    const rawBefore = await rawTransactRate();
    const before = dbStats.requests;
    let failures = 0;
    const seconds = await pool(ACCEPTS, CONCURRENCY, async (i) => {
      const res = await call('POST', `/invites/${codes[i % INVITERS]}/accept`, {}, friends[i].token);
      if (res.status !== 200) failures++;
    });
    const requestsPerAccept = (dbStats.requests - before) / ACCEPTS;
    if (failures) throw new Error(`${failures} of ${ACCEPTS} accepts did not return 200`);
    const apiRate = ACCEPTS / seconds;
    const rawRate = (rawBefore + (await rawTransactRate())) / 2;

    // Qualifying actions, called as the self-test hook calls them (the self-test's own write is not counted).
    const qualifyBefore = dbStats.requests;
    await pool(ACCEPTS, CONCURRENCY, async (i) => {
      const out = await onQualifyingAction(friends[i].user.id, 'selftest_completed', `bench-${i}`, new Date());
      if (out.status !== 'qualified') failures++;
    });
    const requestsPerQualify = (dbStats.requests - qualifyBefore) / ACCEPTS;
    const retryBefore = dbStats.requests;
    await pool(ACCEPTS, CONCURRENCY, async (i) => void (await onQualifyingAction(friends[i].user.id, 'selftest_completed', `bench-${i}`, new Date())));
    const requestsPerRetry = (dbStats.requests - retryBefore) / ACCEPTS;
    if (failures) throw new Error(`${failures} of ${ACCEPTS} qualifying actions did not qualify`);

    // The same, one at a time: what an accept and a qualifying action cost without contention. Under the burst
    // above, friends of one inviter meet on the inviter's items and a conflicted transaction is written again.
    const SOLO = 30;
    const solo: { token: string; user: { id: string } }[] = [];
    for (let i = 0; i < SOLO; i++) solo.push(await login(`bench-solo-friend-${i}`));
    const soloAcceptBefore = dbStats.requests;
    for (let i = 0; i < SOLO; i++) {
      if ((await call('POST', `/invites/${codes[i % INVITERS]}/accept`, {}, solo[i].token)).status !== 200) failures++;
    }
    const soloAccept = (dbStats.requests - soloAcceptBefore) / SOLO;
    const soloQualifyBefore = dbStats.requests;
    for (let i = 0; i < SOLO; i++) await onQualifyingAction(solo[i].user.id, 'selftest_completed', `bench-solo-${i}`, new Date());
    const soloQualify = (dbStats.requests - soloQualifyBefore) / SOLO;
    if (failures) throw new Error(`${failures} solo accepts did not return 200`);

    report(`referral: accepted invites/s, ${ACCEPTS} new friends of ${INVITERS} inviters at concurrency ${CONCURRENCY} through the local HTTP API`, apiRate.toFixed(0), 'accepts/s');
    report('referral: DynamoDB Local raw TransactWriteItems (same 4-item shape), same run', rawRate.toFixed(0), 'transactions/s');
    report('referral: ratio API / raw', (apiRate / rawRate).toFixed(2), '', 'target ≥ 0.5');
    report(`referral: DynamoDB requests per accept, burst at concurrency ${CONCURRENCY} (conflicts written again)`, requestsPerAccept.toFixed(2), 'requests', 'target ≤ 2');
    report('referral: DynamoDB requests per accept, one at a time', soloAccept.toFixed(2), 'requests', 'target ≤ 2');
    report('referral: DynamoDB requests per qualifying action, burst (friend voucher; inviter voucher at every 3rd)', requestsPerQualify.toFixed(2), 'requests', 'target ≤ 2');
    report('referral: DynamoDB requests per qualifying action, one at a time', soloQualify.toFixed(2), 'requests', 'target ≤ 2');
    report('referral: DynamoDB requests per retried qualifying action (nothing written)', requestsPerRetry.toFixed(2), 'requests');
  },
};
