import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { putSlotsIfAbsent, type SlotRecord } from '../../functions/db/booking';
import { db, dbStats, table } from '../../functions/db/client';
import { logger } from '../../functions/http/logger';
import { slotId, themeDaySlots } from '../../shared/booking/slots';
import { freshTable, pool, report, startLocalApi, type Section } from './support';

const SLOTS = 200;
const CONCURRENCY = 32;

/** 200 published free slots in the coming weeks, spread over several counselors and days. */
function freeSlots(): SlotRecord[] {
  const out: SlotRecord[] = [];
  for (let d = 0; out.length < SLOTS; d++) {
    const date = new Date(Date.now() + (3 + d) * 86_400_000).toISOString().slice(0, 10);
    for (const counselor of ['BENCHC1', 'BENCHC2', 'BENCHC3', 'BENCHC4']) {
      for (const ref of themeDaySlots(date, { from: '08:00', to: '20:00' }, counselor)) {
        out.push({ ...ref, id: slotId(ref), status: 'available', offered: true, published: true, themeDayId: date });
      }
    }
  }
  return out.slice(0, SLOTS);
}

/** The same shape of write as a booking (4 items: claim, booking, allowance, idempotency), straight to DynamoDB. */
async function rawTransactRate(): Promise<number> {
  const seconds = await pool(SLOTS, CONCURRENCY, async (i) => {
    const id = ulid();
    const put = (pk: string, extra: Record<string, unknown> = {}) => ({
      Put: { TableName: table(), Item: { pk, sk: 'RAW', n: i, ...extra }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    await db().send(
      new TransactWriteCommand({
        TransactItems: [put(`RAWSLOT#${id}`, { status: 'booked' }), put(`RAWBOOKING#${id}`, { start: new Date().toISOString() }), put(`RAWALLOW#${id}`), put(`RAWIDEMP#${id}`)],
      }),
    );
  });
  return SLOTS / seconds;
}

export const bookingBench: Section = {
  name: 'booking',
  async run() {
    await freshTable();
    // The logger was built at import, before freshTable() asked for silence: request logs would time stdout.
    logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
    const url = await startLocalApi();
    const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };

    const slots = freeSlots();
    await putSlotsIfAbsent(slots);
    // One client per slot: each may take one free consult a month.
    const tokens: string[] = [];
    await pool(SLOTS, 16, async (i) => {
      tokens[i] = (await call('/auth/dev-login', { name: `bench-client-${i}`, role: 'client' })).body.token;
    });

    // Raw rate measured before and after the API run (averaged): the machine is shared, so load drifts.
    const rawBefore = await rawTransactRate();

    const before = dbStats.requests;
    let failures = 0;
    const seconds = await pool(SLOTS, CONCURRENCY, async (i) => {
      const res = await call('/bookings', { slotId: slots[i].id }, { authorization: `Bearer ${tokens[i]}`, 'idempotency-key': `bench-${i}-${ulid()}` });
      if (res.status !== 201) failures++;
    });
    const requestsPerBooking = (dbStats.requests - before) / SLOTS;
    if (failures) throw new Error(`${failures} of ${SLOTS} bookings did not return 201`);
    const apiRate = SLOTS / seconds;
    const rawRate = (rawBefore + (await rawTransactRate())) / 2;

    report(`booking: bookings/s, ${SLOTS} distinct free slots at concurrency ${CONCURRENCY} through the local HTTP API`, apiRate.toFixed(0), 'bookings/s');
    report('booking: DynamoDB Local raw TransactWriteItems (same 4-item shape), same run', rawRate.toFixed(0), 'transactions/s');
    report('booking: ratio API / raw', (apiRate / rawRate).toFixed(2), '', 'target ≥ 0.5');
    report('booking: DynamoDB requests per booking', requestsPerBooking.toFixed(2), 'requests', 'target 1');
  },
};
