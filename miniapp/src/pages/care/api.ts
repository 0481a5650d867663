import type { Consents, Purpose } from '../../../../shared/care/consent';
import type { ComplaintCategory, ComplaintStatus, OutcomeKind, RefundStatus } from '../../../../shared/care/complaint';
import Taro from '@tarojs/taro';
import { api } from '../../api/client';

export interface Rating {
  bookingId: string;
  kind: string;
  start: string;
  counselorName: string;
  csat: number | null;
  npsAnswered: boolean;
}

export interface MyComplaint {
  id: string;
  category: ComplaintCategory;
  text: string;
  bookingId: string | null;
  status: ComplaintStatus;
  createdAt: string;
  resolvedAt: string | null;
  outcome: { kind: OutcomeKind; amount: number | null; refundStatus: RefundStatus | null; refundedAt: string | null; refundBookingId: string | null } | null;
  replies: { by: 'staff' | 'client'; text: string; at: string }[];
  unread: boolean;
}

const q = encodeURIComponent;

export const careApi = {
  consents: () => api.get<{ consents: Consents; templateId: string }>('/me/consents'),
  setConsents: (patch: Partial<Record<Purpose, boolean>>) => api.put<{ consents: Consents; changed: Purpose[] }>('/me/consents', patch),
  grant: (templateId: string) => api.post<{ grants: number }>('/me/message-grants', { templateId }),
  ratings: () => api.get<{ items: Rating[] }>('/me/ratings'),
  csat: (bookingId: string, score: number, comment?: string) => api.post(`/bookings/${q(bookingId)}/csat`, { score, comment }),
  nps: (bookingId: string, score: number) => api.post(`/bookings/${q(bookingId)}/nps`, { score }),
  complaints: () => api.get<{ items: MyComplaint[]; unread: number; templateId: string }>('/me/complaints'),
  complaint: (id: string) => api.get<MyComplaint>(`/me/complaints/${q(id)}`),
  complain: (body: { category: ComplaintCategory; text: string; bookingId?: string; shareWithCounselor?: boolean }) => api.post<{ id: string }>('/me/complaints', body),
  followUp: (id: string, text: string) => api.post<MyComplaint>(`/me/complaints/${q(id)}/replies`, { text }),
  openMessage: (id: string) => api.post<{ title: string; body: string; purpose: Purpose }>(`/messages/campaigns/${q(id)}/open`),
  unsubscribe: (id: string) => api.post(`/messages/campaigns/${q(id)}/unsubscribe`),
};

/**
 * Asks WeChat for a one-time subscription grant and records it (weapp only; H5 has no subscription messages).
 * Declining changes nothing else: the answer is always in 我的 too.
 */
export async function askForNotice(templateId: string): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return;
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] } as any)) as unknown as Record<string, string>;
    if (res[templateId] === 'accept') await careApi.grant(templateId);
  } catch {
    /* no notice: fine */
  }
}
