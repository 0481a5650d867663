import { currentAndNextMonth } from '../../shared/booking/rules';
import { getAllowance, getBooking } from '../db/booking';
import { route } from '../http/route';

/**
 * The client's free-consult allowance for this month and the next, so the booking pages can say "本月的免费咨询已预约"
 * (with a link to that booking) before a slot is picked, not after 确认预约 is refused.
 */
export const freeConsultRoutes = [
  route({
    method: 'GET',
    path: '/me/free-consults',
    auth: ['client'],
    handle: async ({ caller }) => {
      const months = currentAndNextMonth();
      const taken = await Promise.all(months.map((m) => getAllowance(caller.id, m)));
      const bookings = await Promise.all(taken.map((a) => (a ? getBooking(a.bookingId) : undefined)));
      return {
        status: 200,
        body: {
          months: months.map((month, i) => {
            const b = bookings[i];
            return { month, used: Boolean(taken[i]), booking: b && b.clientId === caller.id ? { id: b.id, start: b.start, end: b.end, status: b.status } : null };
          }),
        },
      };
    },
  }),
];
