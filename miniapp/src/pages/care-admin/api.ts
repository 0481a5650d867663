import type { Complaint, ComplaintPolicy, Sla } from '../../../../shared/care/complaint';
import type { GroupFigures, OwnerDashboard } from '../../../../shared/care/dashboard';
import type { MessageCampaignInput, SkipReason } from '../../../../shared/care/message';
import type { Cell } from '../../../../shared/analytics/privacy';
import { api } from '../../api/client';

export type AdminComplaint = Complaint & { sla: Sla };
export interface Queue {
  items: AdminComplaint[];
  policy: ComplaintPolicy;
  now: string;
  overdue: number;
  assignees: { id: string; name: string }[];
  goodwill: { month: string; budget: number; value: number; vouchers: number };
}
export interface CampaignView {
  id: string;
  name: string;
  title: string;
  body: string;
  status: 'queued' | 'sending' | 'done';
  createdAt: string;
  segment: MessageCampaignInput['segment'];
  stats: { targeted: Cell; sent: Cell; skipped: Record<SkipReason, Cell>; opened: Cell; unsubscribed: Cell };
}
export interface TimelineEntry {
  kind: 'booking' | 'complaint' | 'consent' | 'message';
  at: string;
  [k: string]: unknown;
}
export type { GroupFigures, OwnerDashboard };

const q = encodeURIComponent;
export const adminApi = {
  queue: (status?: string) => api.get<Queue>(`/admin/complaints${status ? `?status=${q(status)}` : ''}`),
  reply: (id: string, text: string) => api.post<AdminComplaint & { notified: string }>(`/admin/complaints/${q(id)}/replies`, { text }),
  assign: (id: string, assigneeId: string) => api.post<AdminComplaint>(`/admin/complaints/${q(id)}/assign`, { assigneeId }),
  resolve: (id: string, body: { outcome: string; amount?: number; note?: string; bookingId?: string }) => api.post<AdminComplaint & { notified: string }>(`/admin/complaints/${q(id)}/resolve`, body),
  timeline: (clientId: string) => api.get<{ client: { id: string; name: string }; entries: TimelineEntry[] }>(`/staff/clients/${q(clientId)}/timeline`),
  audit: (clientId: string) => api.get<{ items: { id: string; viewerName: string; viewerRole: string; at: string }[] }>(`/admin/audit?clientId=${q(clientId)}`),
  dashboard: () => api.get<OwnerDashboard>('/care/dashboard'),
  campaigns: () => api.get<{ items: CampaignView[]; defaultTemplateId: string }>('/messages/campaigns'),
  createCampaign: (body: MessageCampaignInput) => api.post<CampaignView>('/messages/campaigns', body),
};
