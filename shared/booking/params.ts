import * as z from 'zod/mini';
import { freeText } from '../text';

export const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[0-9A-Za-z_-]+$/, 'not a valid id'));

export const IdempotencyKeySchema = z.string().check(z.trim(), z.minLength(8, 'at least 8 characters'), z.maxLength(64), z.regex(/^[0-9A-Za-z_.:-]+$/, 'letters, digits and _ . : - only'));

export const BookingIdParams = z.object({ id });
export const ReminderBodySchema = z.object({ templateId: freeText({ max: 128 }) });
