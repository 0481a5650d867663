import * as z from 'zod';
import { ROLES } from './roles';

export const RoleSchema = z.enum(ROLES);

/**
 * Where a new client came from: the campaign page they landed on, its channel (`?ch=`), the A/B variant they
 * saw and their visitor id. Stored on the user when the account is created; ignored for existing users.
 */
export const AttributionSchema = z.object({
  campaignId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  channel: z.string().regex(/^[a-z0-9_]{1,24}$/),
  variant: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
  visitorId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export type Attribution = z.infer<typeof AttributionSchema>;

export const DevLoginBodySchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(40),
  role: RoleSchema,
  /** Stands in for a device id / openid so tests can simulate the same phone twice. */
  device: z.string().trim().min(1).max(64).optional(),
  attribution: AttributionSchema.optional(),
});

export const WechatLoginBodySchema = z.object({
  code: z.string().trim().min(1, 'code is required').max(128),
  name: z.string().trim().min(1).max(40).optional(),
  attribution: AttributionSchema.optional(),
});

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  marketingOptIn: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginResponseSchema = z.object({ token: z.string(), user: UserSchema });

export const ProfileUpdateSchema = z.object({
  name: z.string().trim().min(1).max(40).optional(),
  marketingOptIn: z.boolean().optional(),
});
