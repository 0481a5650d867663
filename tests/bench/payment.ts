import { join } from 'node:path';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { putSlotsIfAbsent, type SlotRecord } from '../../functions/db/booking';
import { db, dbStats, table } from '../../functions/db/client';
import { logger } from '../../functions/http/logger';
import { startWechatPayStandIn } from '../../functions/wechat/pay-standin';
import { slotId } from '../../shared/booking/slots';
import { freshTable, onCleanup, pool, report, ROOT, startLocalApi, type Section } from './support';

const N = 100;
/** A few more, paid one at a time, for the per-step split (concurrent steps would count each other's requests). */
const SEQUENTIAL = 5;
const CONCURRENCY = 16;

/** N paid 50-minute slots a few days ahead, one per hour across four counselors. */
function paidSlots(): SlotRecord[] {
  const base = Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000;
  return Array.from({ length: N + SEQUENTIAL }, (_, i) => {
    const start = new Date(base + Math.floor(i / 4) * 3_600_000).toISOString();
    const ref = { kind: 'paid' as const, counselorId: `BENCHP${i % 4}`, start, end: new Date(Date.parse(start) + 50 * 60_000).toISOString(), price: 300 };
    return { ...ref, id: slotId(ref), status: 'available' as const, offered: true, published: true };
  });
}

/** The same writes a paid booking makes (hold: 3-item transaction; prepay: 1 update; notice: 4-item transaction), straight to DynamoDB. */
async function rawPaidRate(): Promise<number> {
  const seconds = await pool(N, CONCURRENCY, async (i) => {
    const id = ulid();
    const put = (pk: string) => ({ Put: { TableName: table(), Item: { pk, sk: 'RAW', n: i, status: 'pending' }, ConditionExpression: 'attribute_not_exists(pk)' } });
    const flip = (pk: string) => ({
      Update: { TableName: table(), Key: { pk, sk: 'RAW' }, UpdateExpression: 'SET #s = :b', ConditionExpression: '#s = :p', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':b': 'paid', ':p': 'pending' } },
    });
    await db().send(new TransactWriteCommand({ TransactItems: [put(`RAWSLOT#${id}`), put(`RAWBOOKING#${id}`), put(`RAWORDER#${id}`)] }));
    await db().send(new UpdateCommand({ TableName: table(), Key: { pk: `RAWORDER#${id}`, sk: 'RAW' }, UpdateExpression: 'SET prepayId = :p', ExpressionAttributeValues: { ':p': id } }));
    await db().send(new TransactWriteCommand({ TransactItems: [flip(`RAWORDER#${id}`), flip(`RAWBOOKING#${id}`), put(`RAWSPEND#${id}`), put(`RAWONCE#${id}`)] }));
  });
  return N / seconds;
}

export const paymentBench: Section = {
  name: 'payment',
  async run() {
    await freshTable();
    logger.setLogLevel((process.env.LOG_LEVEL ?? 'SILENT') as 'SILENT');
    process.env.WECHATPAY_KEY_DIR ??= join(ROOT, 'tests/.artifacts/wechatpay');
    const url = await startLocalApi();
    const standIn = await startWechatPayStandIn(0);
    onCleanup(() => standIn.close());
    process.env.WECHATPAY_BASE = standIn.url;
    process.env.PAYMENT_NOTIFY_BASE = url;
    const call = async (path: string, body?: unknown, token?: string) => {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    const slots = paidSlots();
    await putSlotsIfAbsent(slots);
    const tokens: string[] = [];
    await pool(N + SEQUENTIAL, 16, async (i) => {
      tokens[i] = (await call('/auth/dev-login', { name: `bench-payer-${i}`, role: 'client' })).body.token;
    });

    const rawBefore = await rawPaidRate();
    const steps = { book: 0, pay: 0, notice: 0 };
    let failures = 0;
    const paidBooking = async (i: number, count: boolean) => {
      let r = dbStats.requests;
      const booked = await call('/bookings', { slotId: slots[i].id }, tokens[i]);
      if (count) steps.book += dbStats.requests - r;
      r = dbStats.requests;
      const pay = await call(`/bookings/${booked.body.id}/pay`, undefined, tokens[i]);
      if (count) steps.pay += dbStats.requests - r;
      r = dbStats.requests;
      const paid = await standIn.pay(pay.body.outTradeNo);
      if (count) steps.notice += dbStats.requests - r;
      if (booked.status !== 201 || pay.status !== 200 || paid.noticeStatus !== 204) failures++;
    };
    const before = dbStats.requests;
    const seconds = await pool(N, CONCURRENCY, (i) => paidBooking(i, false));
    const total = dbStats.requests - before;
    for (let i = N; i < N + SEQUENTIAL; i++) await paidBooking(i, true);
    if (failures) throw new Error(`${failures} of ${N + SEQUENTIAL} paid bookings did not complete`);
    const apiRate = N / seconds;
    const rawRate = (rawBefore + (await rawPaidRate())) / 2;

    report(`payment: paid bookings/s (book + pay + signed notice), ${N} slots at concurrency ${CONCURRENCY} through the local API and WeChat Pay stand-in`, apiRate.toFixed(1), 'bookings/s');
    report('payment: DynamoDB Local raw writes of the same shape (3-item hold, prepay update, 4-item notice), same run', rawRate.toFixed(1), 'bookings/s');
    report('payment: ratio API / raw', (apiRate / rawRate).toFixed(2), '');
    report('payment: DynamoDB requests per paid booking (book + pay + notice)', (total / N).toFixed(2), 'requests', 'book 1, pay 4, notice 4 = 9');
    report('payment: of which book / pay / notice', `${steps.book / SEQUENTIAL} / ${steps.pay / SEQUENTIAL} / ${steps.notice / SEQUENTIAL}`, 'requests');
  },
};
