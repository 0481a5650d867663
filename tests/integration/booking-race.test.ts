import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getAllowance, getSlot } from '../../functions/db/booking';
import { db } from '../../functions/db/client';
import { monthKey } from '../../shared/booking/rules';
import { parseSlotId, slotKeyId } from '../../shared/booking/slots';
import { useApiTestBed } from '../setup/testbed';
import { inDays, publishedThemeDay } from './booking-fixtures';

/** booking-race-condition: many clients, one slot, one winner — through the real HTTP layer. */
const api = useApiTestBed();

describe('200 clients racing for one slot', () => {
  it('exactly one gets 201, every other a 409 with a message, and the stored state agrees', { timeout: 120_000 }, async () => {
    const counselor = await api.login('林静', 'counselor');
    const day = await publishedThemeDay(api, inDays(4), [counselor.user.id]);
    const slotId = day.slots[0].id;
    const clients = [];
    for (let i = 0; i < 200; i += 20) {
      clients.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => api.login(`racer-${i + j}`)))));
    }

    const results = await Promise.all(
      clients.map((c, i) => api.call('POST', '/bookings', { token: c.token, body: { slotId }, headers: { 'idempotency-key': `race-${i}-key` } })),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(199);
    expect(lost.every((r) => r.body.error === 'slot_taken' && r.body.message.length > 0)).toBe(true);

    const winner = clients[results.indexOf(won[0])];
    const slot = await getSlot(slotKeyId(parseSlotId(slotId)!));
    expect(slot).toMatchObject({ status: 'booked', bookingId: won[0].body.id });
    const bookings = await db().send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `COUNSELOR#${counselor.user.id}#${day.id}` },
      }),
    );
    expect(bookings.Items).toHaveLength(1);
    expect(bookings.Items![0]).toMatchObject({ id: won[0].body.id, clientId: winner.user.id });
    const month = monthKey(day.slots[0].start);
    expect(await getAllowance(winner.user.id, month)).toEqual({ bookingId: won[0].body.id, createdAt: expect.any(String) });
    const losersWithAllowance = await Promise.all(clients.filter((c) => c !== winner).slice(0, 50).map((c) => getAllowance(c.user.id, month)));
    expect(losersWithAllowance.every((a) => a === undefined)).toBe(true);

    // The losers' retries with their keys still lose (their first answer was not a booking).
    const retry = await api.call('POST', '/bookings', { token: clients[0] === winner ? clients[1].token : clients[0].token, body: { slotId }, headers: { 'idempotency-key': clients[0] === winner ? 'race-1-key' : 'race-0-key' } });
    expect(retry.status).toBe(409);
  });
});
