import { ulid } from 'ulidx';
import { cell, type Cell } from '../../shared/analytics/privacy';
import { GATHERING_KIND_NAMES, quizScore, type GatheringInput } from '../../shared/gathering/schema';
import {
  cancelRegistration,
  checkIn,
  fillFromWaitlist,
  getCheckinCode,
  getGathering,
  getQuizScore,
  getRegistration,
  joinWaitlist,
  listRegistrations,
  putGathering,
  putQuizScore,
  takeSeat,
  waitlistPosition,
  type GatheringRecord,
  type RegistrationRecord,
  type SeatOutcome,
} from '../db/gathering';
import { holdFields, seatOrder, seatOrderItem } from '../db/gathering-orders';
import { cancelSeat, seatHoldExpiresAt, seatPromoter } from '../payment/seats';
import { getUser } from '../db/users';
import { conflict, HttpError, notFound } from '../http/errors';
import type { Caller } from '../http/route';
import { earnForQuietly } from '../membership/earn';
import { refreshLevelQuietly } from '../membership/level';
import { gatheringEarlyRefusal } from '../membership/windows';

export const isStaff = (c: Caller | undefined) => c?.role === 'marketer' || c?.role === 'admin';

export async function createGathering(input: GatheringInput, caller: Caller, now: Date): Promise<GatheringRecord> {
  const g: GatheringRecord = { ...input, id: ulid(), status: 'draft', registered: 0, attended: 0, waitSeq: 0, createdBy: caller.id, createdAt: now.toISOString() };
  await putGathering(g);
  return g;
}

/** What anyone may see of a gathering. Quiz answers stay on the server; staff see the counts. */
export function presentGathering(g: GatheringRecord, staff: boolean) {
  const { quiz, createdBy, waitSeq, attended, earlyTiers, ...rest } = g;
  void createdBy, waitSeq;
  return {
    ...rest,
    // Attendance and the internal tiers are staff-only; anyone sees the seats left.
    ...(staff ? { attended, earlyTiers } : {}),
    kindName: GATHERING_KIND_NAMES[g.kind],
    seatsLeft: Math.max(0, g.capacity - g.registered),
    // A priced seat is paid through WeChat Pay (held 15 minutes while the client pays).
    paymentRequired: g.price > 0,
    ...(quiz ? { quiz: staff ? quiz : quiz.map((q) => ({ text: q.text, options: q.options })) } : {}),
  };
}

export async function presentRegistration(r: RegistrationRecord) {
  return {
    gatheringId: r.gatheringId,
    status: r.status,
    code: r.status === 'cancelled' ? undefined : r.code,
    registeredAt: r.registeredAt,
    ...(r.status === 'waitlisted' && r.waitSeq ? { position: await waitlistPosition(r.gatheringId, r.waitSeq) } : {}),
    ...(r.checkedInAt ? { checkedInAt: r.checkedInAt } : {}),
    // Moved up from the waitlist: the page says so (候补成功), with the pay-by time for a held seat.
    ...(r.promotedAt && r.status !== 'waitlisted' ? { promotedAt: r.promotedAt } : {}),
    ...(r.outTradeNo && r.status !== 'waitlisted' ? { outTradeNo: r.outTradeNo, amountDue: r.amountDue ?? 0 } : {}),
    ...(r.status === 'pending_payment' && r.holdExpiresAt ? { holdExpiresAt: r.holdExpiresAt } : {}),
    ...(r.paidAt ? { paidAt: r.paidAt } : {}),
  };
}

/** A published gathering, or 404 (drafts exist only for staff). */
export async function visibleGathering(id: string, caller: Caller | undefined): Promise<GatheringRecord> {
  const g = await getGathering(id);
  if (!g || (g.status === 'draft' && !isStaff(caller))) throw notFound('gathering');
  return g;
}

export type RegisterAnswer = {
  status: 'registered' | 'waitlisted' | 'attended' | 'pending_payment';
  position?: number;
  code: string;
  /** A priced seat held for paying: its order, what is due and until when. */
  outTradeNo?: string;
  amountDue?: number;
  holdExpiresAt?: string;
};

async function answerOf(r: RegistrationRecord): Promise<RegisterAnswer> {
  const p = await presentRegistration(r);
  return {
    status: r.status as RegisterAnswer['status'],
    code: r.code,
    ...(p.position ? { position: p.position } : {}),
    ...(r.status === 'pending_payment' ? { outTradeNo: r.outTradeNo, amountDue: r.amountDue, holdExpiresAt: r.holdExpiresAt } : {}),
  };
}

/**
 * Registration: usually ONE request (seat + registration + code in one transaction). Full → the waitlist.
 * A retry answers the same as the first request.
 */
export async function register(id: string, caller: Caller, channel: string | undefined, now: Date): Promise<{ created: boolean; answer: RegisterAnswer }> {
  // The gathering item itself is not read: the seat's condition checks it is published and has room; only a
  // refused seat costs reads, to tell the reasons apart.
  const base = { gatheringId: id, userId: caller.id, userName: caller.name, registeredAt: now.toISOString(), startsAt: '', ...(channel ? { channel } : {}) };
  const g = await cachedGathering(id);
  if (!g || g.status !== 'published') throw notFound('gathering');
  if (Date.parse(g.endsAt) <= now.getTime()) throw conflict('gathering_over', '这场活动已经结束了。');
  const { refusal, early } = await gatheringEarlyRefusal(g, caller.id, now);
  if (refusal) throw refusal;
  base.startsAt = g.startsAt;
  // A priced seat is held unpaid (counted, so capacity holds) with its order in the same transaction.
  const order = g.price > 0 ? seatOrder(g, caller.id, seatHoldExpiresAt(now), now) : undefined;
  const seat = order
    ? await takeSeat({ ...base, ...(early ? { early } : {}), ...holdFields(order) }, [seatOrderItem(order)], 'pending_payment')
    : await takeSeat({ ...base, ...(early ? { early } : {}) });
  const outcome: SeatOutcome = seat.ok || seat.reason !== 'full' ? seat : await joinWaitlist(base);
  if (outcome.ok) {
    if (outcome.registration.status === 'waitlisted') {
      // A seat given back between our refusal and the ticket would otherwise stay empty.
      await fillFromWaitlist(id, now, seatPromoter(g, now));
      const again = (await getRegistration(id, caller.id))!;
      return { created: true, answer: await answerOf(again) };
    }
    return { created: true, answer: await answerOf(outcome.registration) };
  }
  if (outcome.reason === 'existing') {
    if (outcome.registration.status === 'cancelled') throw conflict('registration_busy', '请稍后再试。');
    return { created: false, answer: await answerOf(outcome.registration) };
  }
  if (outcome.reason === 'not_found') throw notFound('gathering');
  throw conflict('registration_closed', '这场活动暂不开放报名。');
}

/**
 * Registration reads the gathering for its dates and early window; a warm Lambda keeps it a second so a rush
 * on one event costs one write per registration (the seat's condition is what keeps capacity, not this copy).
 */
const gatheringCache = new Map<string, { at: number; g: Promise<GatheringRecord | undefined> }>();
function cachedGathering(id: string): Promise<GatheringRecord | undefined> {
  const hit = gatheringCache.get(id);
  if (hit && Date.now() - hit.at < 1_000) return hit.g;
  // The promise is kept, so a rush of first registrations shares one read.
  const g = getGathering(id);
  gatheringCache.set(id, { at: Date.now(), g });
  g.catch(() => gatheringCache.delete(id));
  return g;
}
export const forgetCachedGatherings = () => gatheringCache.clear();

export async function cancel(id: string, caller: Caller, now: Date) {
  const g = await visibleGathering(id, caller);
  const reg = await getRegistration(id, caller.id);
  if (!reg || reg.status === 'cancelled' || reg.status === 'expired') throw conflict('not_registered', '你没有报名这场活动。');
  if (reg.status === 'attended') throw conflict('already_attended', '你已经签到，无法取消。');
  if (Date.parse(g.startsAt) <= now.getTime()) throw conflict('too_late_to_cancel', '活动已经开始，无法取消。');
  // A seat with an order: an unpaid hold's order is closed, a paid one is refunded in full.
  if (reg.outTradeNo && (reg.status === 'pending_payment' || reg.status === 'registered')) {
    const paid = await cancelSeat(g, reg, now);
    if (paid === 'busy') throw conflict('registration_changed', '这次报名刚刚有变化，请刷新后再试。');
    return { gatheringId: id, status: 'cancelled' as const, ...(paid === 'refund_pending' ? { refund: 'refund_pending' as const } : {}) };
  }
  const out = await cancelRegistration(reg, now, { promoter: seatPromoter(g, now) });
  if (!out.ok) throw conflict('not_registered', '这次报名已经取消了。');
  return { gatheringId: id, status: 'cancelled' as const };
}

/** Staff at the door: the client's code (scanned from their QR or typed) checks them in, once. */
export async function checkInByCode(id: string, code: string, staff: Caller, now: Date) {
  const g = await getGathering(id);
  if (!g || g.status !== 'published') throw notFound('gathering');
  // Doors open three hours before the start; codes of other gatherings are not found here.
  if (now.getTime() < Date.parse(g.startsAt) - 3 * 3_600_000) throw conflict('checkin_not_open', '签到在活动开始前 3 小时开放。');
  const ref = await getCheckinCode(code);
  if (!ref || ref.gatheringId !== id) throw new HttpError(404, 'code_not_found', 'code: no registration with this code for this gathering', 'code');
  const out = await checkIn(id, ref.userId, code, staff.id, now);
  if (!out.ok) {
    const r = out.registration;
    if (r?.status === 'attended' && r.code === code) throw conflict('already_checked_in', `${r.userName} 已于之前签到。`, { name: r.userName, checkedInAt: r.checkedInAt });
    if (r?.status === 'pending_payment') throw conflict('not_paid', `${r.userName} 的名额尚未完成支付。`, { name: r.userName });
    if (r?.status === 'waitlisted') throw conflict('waitlisted', `${r.userName} 在候补名单中，尚未获得名额。`, { name: r.userName });
    throw conflict('not_registered', '这个签到码对应的报名已取消。');
  }
  await Promise.all([earnForQuietly(ref.userId, 'gathering_attended', id), refreshLevelQuietly(ref.userId)]);
  return { gatheringId: id, name: out.registration.userName, status: 'attended' as const, checkedInAt: out.registration.checkedInAt };
}

/** A knowledge quiz's score: returned to the player, kept on the player's own item, never in any staff view. */
export async function playQuiz(id: string, caller: Caller, answers: number[], now: Date) {
  const g = await visibleGathering(id, caller);
  if (g.kind !== 'quiz' || !g.quiz) throw conflict('not_a_quiz', '这场活动不是知识竞赛。');
  if (answers.length !== g.quiz.length) throw new HttpError(400, 'validation', `answers: expected ${g.quiz.length} answers`, 'answers');
  const score = quizScore(g.quiz, answers);
  await putQuizScore(caller.id, id, score, now);
  return { ...score, review: g.quiz.map((q, i) => ({ answer: q.answer, yours: answers[i], right: answers[i] === q.answer, explanation: q.explanation ?? '' })) };
}

export const myQuizScore = getQuizScore;

/**
 * The marketer's view of one gathering: registrations, attendance, no-shows, new clients who came through it,
 * by channel. Every count of 1–4 people is "<5".
 */
export async function gatheringStats(g: GatheringRecord, now: Date) {
  const regs = await listRegistrations(g.id);
  const over = Date.parse(g.endsAt) <= now.getTime();
  const byChannel = new Map<string, { registered: number; attended: number; noShow: number; waitlisted: number; cancelled: number; newClients: number }>();
  const users = await Promise.all(regs.map((r) => getUser(r.userId)));
  regs.forEach((r, i) => {
    const ch = r.channel ?? 'direct';
    const row = byChannel.get(ch) ?? { registered: 0, attended: 0, noShow: 0, waitlisted: 0, cancelled: 0, newClients: 0 };
    if (r.status === 'registered' || r.status === 'attended') row.registered++;
    if (r.status === 'attended') row.attended++;
    if (over && r.status === 'registered') row.noShow++;
    if (r.status === 'waitlisted') row.waitlisted++;
    if (r.status === 'cancelled') row.cancelled++;
    // New through the gathering: the account was made within a day before registering.
    const u = users[i];
    if (u && r.status !== 'cancelled' && Date.parse(r.registeredAt) - Date.parse(u.createdAt) < 86_400_000) row.newClients++;
    byChannel.set(ch, row);
  });
  const suppress = (row: Record<string, number>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)])) as Record<string, Cell>;
  const total = [...byChannel.values()].reduce(
    (t, r) => ({ registered: t.registered + r.registered, attended: t.attended + r.attended, noShow: t.noShow + r.noShow, waitlisted: t.waitlisted + r.waitlisted, cancelled: t.cancelled + r.cancelled, newClients: t.newClients + r.newClients }),
    { registered: 0, attended: 0, noShow: 0, waitlisted: 0, cancelled: 0, newClients: 0 },
  );
  return {
    gathering: { id: g.id, title: g.title, kind: g.kind, startsAt: g.startsAt, capacity: g.capacity, over },
    total: suppress(total),
    byChannel: [...byChannel.entries()].map(([channel, row]) => ({ channel, ...suppress(row) })),
  };
}
