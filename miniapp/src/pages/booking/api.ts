import { api } from '../../api/client';

/** The booking API as the mini-program uses it (docs/api.md § booking). Times are UTC ISO; show them with utils/time. */
export interface Slot {
  id: string;
  start: string;
  end: string;
  counselorId: string;
  available: boolean;
  /** Staff only: a consult is booked in it (a draft's slots are unavailable, not booked). */
  booked?: boolean;
}
export interface PaidSlot extends Slot {
  price: number;
}
export interface ThemeDay {
  id: string;
  date: string;
  theme: string;
  description: string;
  hours: { from: string; to: string };
  counselors: { id: string; name: string }[];
  published: boolean;
  slots: Slot[];
}
export type BookingStatus = 'pending_payment' | 'booked' | 'expired' | 'cancelled' | 'refund_pending' | 'refunded' | 'attended' | 'no_show';
/** Where a consult happens (the counselor's setting); the meeting link only once the booking stands. */
export type ConsultPlace = { mode: 'online'; link?: string } | { mode: 'in_person'; address: string };
export interface Booking {
  id: string;
  slotId: string;
  kind: 'free' | 'paid';
  start: string;
  end: string;
  counselorId: string;
  counselorName?: string;
  status: BookingStatus;
  price: number;
  amountDue: number;
  voucherValue?: number;
  voucherId?: string;
  themeDayId?: string;
  shareResultId?: string;
  /** Paid consults with something to pay: held until then. */
  holdExpiresAt?: string;
  outTradeNo?: string;
  amountPaid?: number;
  paidAt?: string;
  refundedAt?: string;
  consult?: ConsultPlace | null;
}
export interface FreeConsultMonth {
  month: string;
  used: boolean;
  booking: { id: string; start: string; end: string; status: BookingStatus } | null;
}
export interface Settings {
  minNoticeMinutes: number;
  cancelCutoffMinutes: number;
  reminderTemplateId: string;
  months: [string, string];
}
export interface Counselor {
  id: string;
  name: string;
  price: number | null;
}
export interface CounselorBooking {
  id: string;
  kind: 'free' | 'paid';
  start: string;
  end: string;
  status: BookingStatus;
  clientName: string;
  theme: string | null;
  sharedResult: { instrument: 'phq9' | 'gad7'; score: number; band: string; createdAt: string } | null;
}
export interface AvailabilitySlot {
  id: string;
  start: string;
  end: string;
  offered: boolean;
  booked: boolean;
}
/** A counselor's paid 50-minute consult hours: start times (HH:mm, China time) per ISO weekday (1 = Monday). */
export interface ConsultHours {
  /** Whole yuan; null until the counselor first saves. */
  price: number | null;
  weekly: { weekday: number; starts: string[] }[];
}
export interface ThemeDayInput {
  date: string;
  theme: string;
  description: string;
  counselorIds: string[];
  hours: { from: string; to: string };
}

const q = encodeURIComponent;

export const bookingApi = {
  settings: () => api.get<Settings>('/booking/settings'),
  counselors: () => api.get<{ counselors: Counselor[] }>('/counselors'),
  themeDays: (month: string) => api.get<{ themeDays: ThemeDay[] }>(`/themedays?month=${q(month)}`),
  themeDay: (id: string) => api.get<ThemeDay>(`/themedays/${q(id)}`),
  paidSlots: (from: string, to: string, counselorId?: string) =>
    api.get<{ slots: PaidSlot[] }>(`/consults/slots?from=${q(from)}&to=${q(to)}${counselorId ? `&counselorId=${q(counselorId)}` : ''}`),
  /** The key makes a retried tap (or a flaky network) return the first answer instead of booking twice. */
  book: (body: { slotId: string; voucherId?: string; shareResultId?: string }, idempotencyKey: string) =>
    api.post<Booking>('/bookings', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  booking: (id: string) => api.get<Booking>(`/bookings/${q(id)}`),
  /** This month's and next month's free consult: taken or not, and by which booking (clients only). */
  freeConsults: () => api.get<{ months: FreeConsultMonth[] }>('/me/free-consults'),
  mine: () => api.get<{ items: Booking[] }>('/me/bookings'),
  cancel: (id: string) => api.post<Booking>(`/bookings/${q(id)}/cancel`),
  grantReminder: (id: string, templateId: string) => api.post<{ grants: number }>(`/bookings/${q(id)}/reminders`, { templateId }),

  counselorDay: (date: string) => api.get<{ date: string; items: CounselorBooking[] }>(`/counselor/bookings?date=${q(date)}`),
  markAttendance: (id: string, status: 'attended' | 'no_show') => api.post<{ status: BookingStatus }>(`/counselor/bookings/${q(id)}/attendance`, { status }),
  availability: (themeDayId: string) => api.get<{ themeDayId: string; slots: AvailabilitySlot[] }>(`/counselor/themedays/${q(themeDayId)}/availability`),
  setAvailability: (themeDayId: string, offered: string[]) =>
    api.put<{ themeDayId: string; slots: AvailabilitySlot[] }>(`/counselor/themedays/${q(themeDayId)}/availability`, { offered }),
  consultHours: () => api.get<ConsultHours>('/counselor/consult-hours'),
  consultMode: () => api.get<{ consult: ConsultPlace | null }>('/counselor/consult-mode'),
  setConsultMode: (body: { mode: 'online'; link: string } | { mode: 'in_person'; address: string }) => api.put<{ consult: ConsultPlace }>('/counselor/consult-mode', body),
  setConsultHours: (body: { price: number; weekly: ConsultHours['weekly'] }) =>
    api.put<ConsultHours & { openedSlots: number }>('/counselor/consult-hours', body),

  createThemeDay: (body: ThemeDayInput) => api.post<ThemeDay>('/themedays', body),
  updateThemeDay: (id: string, body: Omit<ThemeDayInput, 'date'>) => api.put<ThemeDay>(`/themedays/${q(id)}`, body),
  publishThemeDay: (id: string, published: boolean) => api.post<ThemeDay>(`/themedays/${q(id)}/publish`, { published }),
};

/** A fresh key per booking attempt (kept while the client retries the same choice). */
export function newIdempotencyKey(): string {
  return `bk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
