import { DateTime } from 'luxon';
import { putSlotsIfAbsent, type SlotRecord } from '../../functions/db/booking';
import { slotId, ZONE } from '../../shared/booking/slots';
import type { TestApi } from '../setup/api';

/** Shared set-up for the booking tests: theme days made and published the way a marketer does it. */
export const inDays = (n: number) => DateTime.now().setZone(ZONE).plus({ days: n }).toISODate()!;

export async function publishedThemeDay(
  api: TestApi,
  date: string,
  counselorIds: string[],
  hours = { from: '09:00', to: '10:00' },
  theme = '睡眠与情绪',
) {
  const marketer = await api.login('市场部测试', 'marketer');
  const created = await api.call('POST', '/themedays', {
    token: marketer.token,
    body: { date, theme, description: '关于睡眠的免费咨询', counselorIds, hours },
  });
  if (created.status !== 201) throw new Error(`theme day: ${created.status} ${created.text}`);
  const published = await api.call('POST', `/themedays/${date}/publish`, { token: marketer.token, body: { published: true } });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  return published.body as { id: string; slots: { id: string; start: string; counselorId: string; available: boolean }[] };
}

/** A paid slot written straight to the table at any start time (the API only opens whole weekly hours). */
export async function paidSlotAt(counselorId: string, start: Date, price = 300): Promise<string> {
  const s = new Date(Math.ceil(start.getTime() / 60_000) * 60_000).toISOString();
  const ref = { kind: 'paid' as const, counselorId, start: s, end: new Date(Date.parse(s) + 50 * 60_000).toISOString(), price };
  const slot: SlotRecord = { ...ref, id: slotId(ref), status: 'available', offered: true, published: true };
  await putSlotsIfAbsent([slot]);
  return slot.id;
}

/**
 * Pays a held paid consult the way the H5 app does locally: POST /bookings/{id}/pay, then the WeChat Pay stand-in
 * pays the order and sends its signed notice to the API. Returns the order number.
 */
export async function payFor(api: TestApi, token: string, bookingId: string): Promise<string> {
  const pay = await api.call('POST', `/bookings/${bookingId}/pay`, { token });
  if (pay.status !== 200) throw new Error(`pay: ${pay.status} ${pay.text}`);
  const done = await api.call('POST', `/dev/wechatpay/orders/${pay.body.outTradeNo}/pay`);
  if (done.status !== 200 || done.body.noticeStatus !== 204) throw new Error(`stand-in pay: ${done.status} ${done.text}`);
  return pay.body.outTradeNo;
}
