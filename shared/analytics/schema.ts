import * as z from 'zod/mini';

export const DashboardQuerySchema = z.object({
  format: z._default(z.enum(['json', 'csv']), 'json'),
  table: z._default(z.enum(['channels', 'variants', 'summary', 'loop', 'generations', 'daily']), 'channels'),
});

export const CsvQuerySchema = z.object({ table: z._default(z.enum(['channels', 'variants', 'summary', 'loop', 'generations', 'daily']), 'channels') });
export const TiersQuerySchema = z.object({ format: z._default(z.enum(['json', 'csv']), 'json') });

export const NpsBodySchema = z.object({ score: z.number().check(z.int('score must be a whole number'), z.gte(0), z.lte(10)) });
export const BookingIdParamsSchema = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a booking id')) });

/** Paid sessions and spend for a client, recorded by an admin until a payment system exists. */
export const SpendBodySchema = z.object({
  clientId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/)),
  /** Whole yuan actually paid. */
  amount: z.number().check(z.int(), z.gte(0), z.lte(100_000)),
  sessions: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 1),
  at: z.optional(z.iso.datetime()),
  /** With a booking id, the same consult is recorded once however often the request is sent. */
  bookingId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
});
