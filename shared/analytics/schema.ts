import * as z from 'zod';

export const DashboardQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  table: z.enum(['channels', 'variants', 'summary']).default('channels'),
});

export const CsvQuerySchema = z.object({ table: z.enum(['channels', 'variants', 'summary']).default('channels') });
export const TiersQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

export const NpsBodySchema = z.object({ score: z.number().int('score must be a whole number').min(0).max(10) });
export const BookingIdParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a booking id') });

/** Paid sessions and spend for a client, recorded by an admin until a payment system exists. */
export const SpendBodySchema = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  /** Whole yuan actually paid. */
  amount: z.number().int().min(0).max(100_000),
  sessions: z.number().int().min(1).max(50).default(1),
  at: z.iso.datetime().optional(),
  /** With a booking id, the same consult is recorded once however often the request is sent. */
  bookingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});
