import * as z from 'zod/mini';
import { freeText } from '../text';
import { isIsoDateTime } from '../iso';
import { parseSlotId, weeklyHoursProblem } from './slots';
import { id } from './params';

// The schemas other capabilities' routes use live in ./params, so their bundles need not carry these.
export { BookingIdParams, IdempotencyKeySchema, ReminderBodySchema } from './params';

/** Request and response shapes of the booking API; the handlers parse with these, the mini-program types from them. */

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'), z.refine((s) => isIsoDateTime(s), 'not a real date'));
const isoMonth = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'));
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm'));
const isoInstant = z.string().check(z.refine((s) => isIsoDateTime(s) && /[zZ]|[+-]\d\d:?\d\d$/.test(s), 'expected an ISO-8601 time with a zone'));

export const SlotIdSchema = z.string().check(z.trim(), z.refine((s) => parseSlotId(s) !== undefined, 'not a valid slot id'));

export const HoursSchema = z
  .object({ from: hhmm, to: hhmm })
  .check(z.refine((h) => h.from < h.to, { message: 'from must be before to', path: ['to'] }));

// ---- theme days ----
export const ThemeDayIdParams = z.object({ id: isoDate });
export const MonthQuery = z.object({ month: isoMonth });

export const ThemeDayBodySchema = z.object({
  date: isoDate,
  theme: freeText({ max: 20, minMessage: 'theme is required' }),
  description: z._default(freeText({ min: 0, max: 300, multiline: true }), ''),
  counselorIds: z.array(id).check(z.minLength(1, 'pick at least one counselor'), z.maxLength(8)),
  hours: HoursSchema,
});
export type ThemeDayBody = z.infer<typeof ThemeDayBodySchema>;
export const ThemeDayUpdateSchema = z.omit(ThemeDayBodySchema, { date: true });
export const PublishBodySchema = z.object({ published: z.boolean() });

export const SlotSchema = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  counselorId: z.string(),
  available: z.boolean(),
});
export const ThemeDaySchema = z.object({
  id: z.string(),
  date: z.string(),
  theme: z.string(),
  description: z.string(),
  hours: z.object({ from: z.string(), to: z.string() }),
  counselors: z.array(z.object({ id: z.string(), name: z.string() })),
  published: z.boolean(),
  slots: z.array(SlotSchema),
});
export type ThemeDay = z.infer<typeof ThemeDaySchema>;
export const ThemeDayListSchema = z.object({ themeDays: z.array(ThemeDaySchema) });

// ---- availability (counselor, per theme day) ----
export const AvailabilityBodySchema = z.object({
  /** Ids of the counselor's slots on that day they offer; every other one of their slots is withdrawn. */
  offered: z.array(SlotIdSchema).check(z.maxLength(100)),
});
export const AvailabilitySchema = z.object({
  themeDayId: z.string(),
  slots: z.array(z.object({ id: z.string(), start: z.string(), end: z.string(), offered: z.boolean(), booked: z.boolean() })),
});

// ---- paid consults ----
export const ConsultHoursBodySchema = z
  .object({
    /** Whole yuan. */
    price: z.number().check(z.int('price: whole yuan'), z.gte(1), z.lte(100_000)),
    weekly: z
      .array(z.object({ weekday: z.number().check(z.int(), z.gte(1), z.lte(7)), starts: z.array(hhmm).check(z.maxLength(16)) }))
      .check(z.maxLength(7)),
  })
  .check(
    z.superRefine((v, ctx) => {
      const problem = weeklyHoursProblem(v.weekly);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['weekly'] });
    }),
  );
export type ConsultHoursBody = z.infer<typeof ConsultHoursBodySchema>;

/** How a counselor's consults happen: online at a meeting link they set, or in person at an address. */
export const ConsultModeBodySchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('online'),
    link: z.string().check(z.trim(), z.maxLength(300), z.regex(/^https:\/\/[^\s]+$/, 'a meeting link starting with https://')),
  }),
  z.object({ mode: z.literal('in_person'), address: z.string().check(z.trim(), z.minLength(4, 'address is required'), z.maxLength(120)) }),
]);
export type ConsultMode = z.infer<typeof ConsultModeBodySchema>;

export const PaidSlotsQuery = z
  .object({ from: isoInstant, to: isoInstant, counselorId: z.optional(id) })
  .check(
    z.refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] }),
    z.refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, { message: 'at most 62 days at a time', path: ['to'] }),
  );

export const PaidSlotSchema = z.extend(SlotSchema, { price: z.number() });

// ---- bookings ----
export const BookBodySchema = z.object({
  slotId: SlotIdSchema,
  voucherId: z.optional(id),
  /** One self-test result the client chose to show this counselor (off unless they switch it on). */
  shareResultId: z.optional(id),
});
export type BookBody = z.infer<typeof BookBodySchema>;
export const CounselorDayQuery = z.object({ date: isoDate });
export const AttendanceBodySchema = z.object({ status: z.enum(['attended', 'no_show']) });

export const BookingSchema = z.object({
  id: z.string(),
  slotId: z.string(),
  kind: z.enum(['free', 'paid']),
  start: z.string(),
  end: z.string(),
  counselorId: z.string(),
  status: z.enum(['booked', 'cancelled', 'attended', 'no_show']),
  price: z.number(),
  amountDue: z.number(),
  voucherId: z.optional(z.string()),
  themeDayId: z.optional(z.string()),
  createdAt: z.string(),
});
export type Booking = z.infer<typeof BookingSchema>;
