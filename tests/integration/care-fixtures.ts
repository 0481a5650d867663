import type { TestApi } from '../setup/api';
import { paidSlotAt, payFor } from './booking-fixtures';

/** Minutes ahead per counselor, so each consult gets its own slot. */
const used = new Map<string, number>();

/** A paid consult that starts in a few minutes, booked and paid by the client and marked attended by its counselor. */
export async function attendedConsult(api: TestApi, clientToken: string, counselor: { token: string; user: { id: string } }, status: 'attended' | 'booked' = 'attended', shareResultId?: string): Promise<string> {
  const slot = await paidSlotAt(counselor.user.id, new Date(Date.now() + nextMinute(counselor.user.id) * 60_000));
  process.env.BOOKING_MIN_NOTICE_MINUTES = '0';
  let id: string;
  try {
    const res = await api.call('POST', '/bookings', { token: clientToken, body: { slotId: slot, shareResultId } });
    if (res.status !== 201) throw new Error(`booking: ${res.status} ${res.text}`);
    id = res.body.id;
    // A paid consult is held until paid: pay it through the WeChat Pay stand-in, as the client would.
    if (res.body.status === 'pending_payment') await payFor(api, clientToken, id);
  } finally {
    delete process.env.BOOKING_MIN_NOTICE_MINUTES;
  }
  if (status === 'attended') {
    const marked = await api.call('POST', `/counselor/bookings/${id}/attendance`, { token: counselor.token, body: { status: 'attended' } });
    if (marked.status !== 200) throw new Error(`attendance: ${marked.status} ${marked.text}`);
  }
  return id;
}

function nextMinute(counselorId: string): number {
  const n = used.get(counselorId) ?? 0;
  used.set(counselorId, n + 1);
  return 2 + (n % 12);
}
