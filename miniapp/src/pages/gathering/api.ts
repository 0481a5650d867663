import Taro from '@tarojs/taro';
import { api, API_URL } from '../../api/client';
import { getSession } from '../../api/session';
import { chinaToday } from '../booking/format';
import type { Block } from '../../../../shared/campaign/blocks';
import type { GatheringKind, RegistrationStatus } from '../../../../shared/gathering/schema';

export interface Gathering {
  id: string;
  kind: GatheringKind;
  kindName: string;
  title: string;
  summary: string;
  mode: 'online' | 'offline';
  link?: string;
  address?: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  price: number;
  coverUrl?: string;
  blocks: Block[];
  status: 'draft' | 'published' | 'cancelled';
  registered: number;
  /** Staff only. */
  attended?: number;
  seatsLeft: number;
  paymentRequired: boolean;
  registrationOpensAt?: string;
  earlyLevels: string[];
  /** Staff only (internal tiers). */
  earlyTiers?: string[];
  earlyHours: number;
  quiz?: { text: string; options: string[]; answer?: number; explanation?: string }[];
  myStatus?: RegistrationStatus;
  myRegistration?: {
    status: RegistrationStatus;
    code?: string;
    position?: number;
    checkedInAt?: string;
    /** A priced seat: what is due (whole yuan), until when it is held unpaid, when it was paid. */
    amountDue?: number;
    holdExpiresAt?: string;
    paidAt?: string;
    /** Moved up from the waitlist (then registered, or held for paying until `holdExpiresAt`). */
    promotedAt?: string;
  } | null;
  myQuizScore?: { correct: number; total: number; at: string };
  sharePath?: string;
  reminderTemplateId?: string;
  /** 「候补转正通知」: null when the stage has none configured. */
  waitlistTemplateId?: string | null;
}

export interface RegisterAnswer {
  status: 'registered' | 'waitlisted' | 'attended' | 'pending_payment';
  holdExpiresAt?: string;
  amountDue?: number;
  position?: number;
  code: string;
}

export const gatheringApi = {
  list: (month?: string) => api.get<{ items: Gathering[]; offersPaused: boolean }>(`/gatherings${month ? `?month=${month}` : ''}`),
  get: (id: string) => api.get<Gathering>(`/gatherings/${id}`),
  register: (id: string, channel?: string) => api.post<RegisterAnswer>(`/gatherings/${id}/registrations`, channel ? { channel } : {}),
  remind: (id: string, templateId: string) => api.post<{ dueAt: string }>(`/gatherings/${id}/reminders`, { templateId }),
  waitlistNotice: (id: string, templateId: string) => api.post<{ gatheringId: string; templateId: string }>(`/gatherings/${id}/waitlist-notices`, { templateId }),
  cancel: (id: string) => api.post<{ status: 'cancelled'; refund?: 'refund_pending' }>(`/gatherings/${id}/registrations/cancel`),
  quiz: (id: string, answers: number[]) =>
    api.post<{ correct: number; total: number; review: { answer: number; yours: number; right: boolean; explanation: string }[] }>(`/gatherings/${id}/quiz`, { answers }),
  checkIn: (id: string, code: string) => api.post<{ name: string; status: 'attended'; checkedInAt: string }>(`/gatherings/${id}/checkins`, { code }),
  create: (body: unknown) => api.post<Gathering>('/gatherings', body),
  update: (id: string, body: unknown) => api.put<Gathering>(`/gatherings/${id}`, body),
  publish: (id: string, published: boolean) => api.post<Gathering>(`/gatherings/${id}/publish`, { published }),
  stats: (id: string) => api.get<GatheringStats>(`/gatherings/${id}/stats`),
};

export type StatCell = number | '<5';
export interface StatRow {
  registered: StatCell;
  attended: StatCell;
  noShow: StatCell;
  waitlisted: StatCell;
  cancelled: StatCell;
  newClients: StatCell;
}
export interface GatheringStats {
  gathering: { id: string; title: string; startsAt: string; capacity: number; over: boolean };
  total: StatRow;
  byChannel: (StatRow & { channel: string })[];
}

/** A file from the API with the session's token (the .ics, the check-in QR): a blob URL in H5, a temp file in WeChat. */
export async function download(path: string): Promise<string> {
  const header = { Authorization: `Bearer ${getSession()?.token ?? ''}` };
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(`${API_URL}${path}`, { headers: header });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return URL.createObjectURL(await res.blob());
  }
  const res = await Taro.downloadFile({ url: `${API_URL}${path}`, header });
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
  return res.tempFilePath;
}

/**
 * WeChat only: asks for one subscription message and records the grant, so a reminder goes out a day (or an hour)
 * before. Declining is fine; the .ics carries its own alarms.
 */
export async function askForReminder(g: Pick<Gathering, 'id' | 'reminderTemplateId'>): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || !g.reminderTemplateId) return;
  try {
    const tmpl = g.reminderTemplateId;
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [tmpl], entityIds: [] } as any)) as unknown as Record<string, string>;
    if (res[tmpl] === 'accept') await gatheringApi.remind(g.id, tmpl);
  } catch {
    /* no reminder: fine */
  }
}

/**
 * WeChat only: on joining the waitlist, asks for one 「候补转正通知」 and records the grant, so the client is told
 * when a seat becomes theirs. Declining is fine: the page shows the change whenever they open it. True when granted.
 */
export async function askForWaitlistNotice(g: Pick<Gathering, 'id' | 'waitlistTemplateId'>): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp' || !g.waitlistTemplateId) return false;
  try {
    const tmpl = g.waitlistTemplateId;
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [tmpl], entityIds: [] } as any)) as unknown as Record<string, string>;
    if (res[tmpl] !== 'accept') return false;
    await gatheringApi.waitlistNotice(g.id, tmpl);
    return true;
  } catch {
    return false; /* no message: the page still shows the promotion */
  }
}

/** `YYYY-MM` of the Beijing month `ahead` months from now. */
function monthAhead(ahead: number): string {
  const [y, m] = chinaToday().slice(0, 7).split('-').map(Number);
  const t = y * 12 + (m - 1) + ahead;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/**
 * What staff pickers offer (a points reward's seat, a campaign button): published gatherings that have not ended,
 * this month and the next two (the staff list gives this month and next), soonest first.
 */
export async function upcomingPublishedGatherings(now = Date.now()): Promise<Gathering[]> {
  const [soon, later] = await Promise.all([gatheringApi.list(), gatheringApi.list(monthAhead(2))]);
  const byId = new Map([...soon.items, ...later.items].map((g) => [g.id, g]));
  return [...byId.values()].filter((x) => x.status === 'published' && Date.parse(x.endsAt) > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}
