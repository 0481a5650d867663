import type { Complaint } from '../../shared/care/complaint';
import type { Caller } from '../http/route';
import { listClientBookings, type BookingRecord } from '../db/booking';
import { listClientComplaints } from '../db/complaints';
import { listConsentLog } from '../db/consent';
import { answersOfBookings } from '../db/feedback';
import { getMessageCampaign, listClientSends } from '../db/messages';
import { getResult } from '../db/selftest';
import { getUser } from '../db/users';
import { notFound } from '../http/errors';

export type TimelineEntry =
  | { kind: 'booking'; at: string; bookingId: string; bookingKind: string; status: string; counselorName: string; csat?: number; csatComment?: string; sharedResult?: { instrument: string; band: string; score: number } }
  | { kind: 'complaint'; at: string; complaintId: string; category: string; status: string; text: string; replies: number; resolvedAt?: string; outcome?: string }
  | { kind: 'consent'; at: string; purpose: string; granted: boolean }
  | { kind: 'message'; at: string; campaignName: string; status: string; reason?: string; opened: boolean };

/**
 * Who may see a client's timeline: admins, and counselors the client has booked with (their own clients).
 * Anyone else — another counselor — is told the client does not exist (404), so ids cannot be probed.
 */
export async function assertCareRelationship(viewer: Caller, clientId: string): Promise<{ bookings: BookingRecord[]; clientName: string }> {
  const client = await getUser(clientId);
  if (!client || client.role !== 'client') throw notFound('client');
  const bookings = await listClientBookings(clientId);
  if (viewer.role !== 'admin' && !bookings.some((b) => b.counselorId === viewer.id)) throw notFound('client');
  return { bookings, clientName: client.name };
}

/** A complaint about a counselor reaches that counselor only when the client agreed to share it. */
export function complaintVisibleTo(viewer: Caller, c: Complaint): boolean {
  if (viewer.role === 'admin') return true;
  if (c.category === 'counselor') return c.counselorId === viewer.id && c.shareWithCounselor;
  return true;
}

export async function buildTimeline(viewer: Caller, clientId: string, bookings: BookingRecord[]): Promise<TimelineEntry[]> {
  const [answers, complaints, consents, sends] = await Promise.all([
    answersOfBookings(bookings.map((b) => b.id)),
    listClientComplaints(clientId),
    listConsentLog(clientId),
    listClientSends(clientId),
  ]);
  const names = new Map<string, string>();
  const nameOf = async (id: string) => {
    if (!names.has(id)) names.set(id, (await getUser(id))?.name ?? '');
    return names.get(id)!;
  };
  const entries: TimelineEntry[] = [];
  for (const b of bookings) {
    const a = answers.get(b.id);
    // Self-test answers never appear; only the result the client shared with this booking, to its counselor or an admin.
    const mayShare = b.shareResultId && (viewer.role === 'admin' || viewer.id === b.counselorId);
    const shared = mayShare ? await getResult(clientId, b.shareResultId!) : undefined;
    entries.push({
      kind: 'booking',
      at: b.start,
      bookingId: b.id,
      bookingKind: b.kind,
      status: b.status,
      counselorName: await nameOf(b.counselorId),
      ...(a?.csat !== undefined ? { csat: a.csat, csatComment: a.csatComment } : {}),
      ...(shared ? { sharedResult: { instrument: shared.instrument, band: shared.band, score: shared.score } } : {}),
    });
  }
  for (const c of complaints.filter((x) => complaintVisibleTo(viewer, x))) {
    entries.push({ kind: 'complaint', at: c.createdAt, complaintId: c.id, category: c.category, status: c.status, text: c.text, replies: c.replies.length, resolvedAt: c.resolvedAt, outcome: c.outcome?.kind });
  }
  for (const e of consents) entries.push({ kind: 'consent', at: e.at, purpose: e.purpose, granted: e.granted });
  const campaignNames = new Map<string, string>();
  for (const s of sends) {
    if (!campaignNames.has(s.campaignId)) campaignNames.set(s.campaignId, (await getMessageCampaign(s.campaignId))?.name ?? '');
    entries.push({ kind: 'message', at: s.at, campaignName: campaignNames.get(s.campaignId)!, status: s.status, reason: s.reason, opened: Boolean(s.openedAt) });
  }
  return entries.sort((x, y) => y.at.localeCompare(x.at));
}
