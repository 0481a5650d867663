import { api } from '../../api/client';

export interface Reward {
  id: string;
  kind: 'consult_voucher' | 'gathering_seat' | 'course_access';
  name: string;
  points: number;
  value?: number;
  validDays?: number;
  gatheringId?: string;
  /** A seat's gathering starts then (UTC ISO). */
  startsAt?: string;
  course?: string;
  courseId?: string;
}

export interface Membership {
  level: string;
  levelName: string;
  levelHint: string;
  next: { level: string; name: string; hint: string } | null;
  benefits: { id: string; kind: string; title: string; detail: string; courseId?: string }[];
  points: { balance: number; expiring: { points: number; at: string; soon: boolean }[] };
  rewards: Reward[];
  entitlements: { what: string; at: string; title?: string }[];
  offersPaused: boolean;
  /** Present when the client has the quarterly check-in reminder benefit. */
  checkinReminder: { templateId: string | null; grants: number; consent: { granted: boolean; at?: string }; lastSentAt: string | null } | null;
}

export interface PointsEntry {
  cause: string;
  kind: 'earn' | 'spend' | 'expire' | 'adjust';
  points: number;
  at: string;
  label?: string;
  reason?: string;
}

export const membershipApi = {
  /** One accepted wx.requestSubscribeMessage = one reminder (care's counted one-time grants). */
  grant: (templateId: string) => api.post<{ templateId: string; grants: number }>('/me/message-grants', { templateId }),
  mine: () => api.get<Membership>('/me/membership'),
  points: () => api.get<{ balance: number; expiring: Membership['points']['expiring']; items: PointsEntry[] }>('/me/points'),
  redeem: (rewardId: string, key: string) =>
    api.post<{ rewardId: string; points: number; voucherId?: string; gatheringId?: string; course?: string }>('/me/points/redemptions', { rewardId }, { headers: { 'Idempotency-Key': key } }),
};
