import * as z from 'zod/mini';
import { freeText } from '../text';
import { ROLES } from './roles';

export const RoleSchema = z.enum(ROLES);

/**
 * Where a new client came from: the campaign page they landed on, its channel (`?ch=`), the A/B variant they
 * saw and their visitor id. Stored on the user when the account is created; ignored for existing users.
 */
export const AttributionSchema = z.object({
  campaignId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/)),
  channel: z.string().check(z.regex(/^[a-z0-9_]{1,24}$/)),
  variant: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,16}$/)),
  visitorId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/)),
});
export type Attribution = z.infer<typeof AttributionSchema>;

export const DevLoginBodySchema = z.object({
  name: freeText({ max: 40, minMessage: 'name is required' }),
  role: RoleSchema,
  /** Stands in for a device id / openid so tests can simulate the same phone twice. */
  device: z.optional(freeText({ max: 64 })),
  attribution: z.optional(AttributionSchema),
});

export const WechatLoginBodySchema = z.object({
  code: freeText({ max: 128, minMessage: 'code is required' }),
  name: z.optional(freeText({ max: 40 })),
  attribution: z.optional(AttributionSchema),
});

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  marketingOptIn: z.boolean(),
  /**
   * True for a while after a crisis result: the app shows no offer (vouchers, invites, paid consults, events)
   * and no marketing reaches this person. Never explained as a label on the person; the screens just stay calm.
   */
  offersPaused: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginResponseSchema = z.object({ token: z.string(), user: UserSchema });

export const ProfileUpdateSchema = z.object({
  name: z.optional(freeText({ max: 40 })),
  marketingOptIn: z.optional(z.boolean()),
});
