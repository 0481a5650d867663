import { reduce, stateUserId, type Attribution, type DomainEvent, type PointsMovement } from '../../shared/analytics/counters';
import { SHARE_KINDS, toVia, type ShareKind } from '../../shared/analytics/loop';
import { normaliseChannel } from '../../shared/campaign/ids';
import { consentAttr } from '../../shared/care/consent';
import { applyEffect, getClientState } from '../db/analytics';
import { inOrder, streamHandler, type ChangeRecord } from '../db/changes';
import { getCampaign } from '../db/campaign';
import { getCourse, listCourses } from '../db/course';
import { COURSE_WAYS, type CourseWay } from '../../shared/analytics/courses';

/**
 * The analytics function: DynamoDB Streams (NEW_AND_OLD_IMAGES) → counter increments, each exactly once.
 * A record becomes domain events (`eventsOf`); each event's effect (`reduce`) is written in one transaction
 * together with a once-marker named after the record's key and sequence number, so a retried batch counts nothing twice.
 * Failures are reported per record (ReportBatchItemFailures): Lambda retries from the first failed record.
 */

export const handler = streamHandler('analytics', (r) => processRecord(r));

/** In order; stops at the first failure (later records wait for the retry, keeping per-key order). */
export const processRecords = (records: ChangeRecord[]) => inOrder(records, (r) => processRecord(r));

export async function processRecord(c: ChangeRecord, now = new Date()): Promise<void> {
  const events = await eventsOf(c, now);
  for (const [i, { event, marker }] of events.entries()) {
    await applyOnce(marker ?? `${c.keys.pk}|${c.keys.sk}|${c.sequenceNumber}|${i}`, event, now, { permanentMarker: Boolean(marker) });
  }
}

/** Read state → reduce → conditional write; a concurrent change to the same client's state means read again. */
export async function applyOnce(marker: string, event: DomainEvent, now: Date, opts: { permanentMarker?: boolean } = {}): Promise<void> {
  const userId = stateUserId(event);
  for (let attempt = 0; attempt < 8; attempt++) {
    const prev = userId ? await getClientState(userId) : undefined;
    const effect = reduce(prev, event);
    const outcome = await applyEffect(marker, userId, prev?.version, effect, now, opts);
    if (outcome !== 'conflict') return;
  }
  throw new Error(`analytics: state of ${userId} kept changing, giving up on ${marker}`);
}

interface Emitted {
  event: DomainEvent;
  /** A marker of its own when "once" means more than "once per record" (a visitor's first view). */
  marker?: string;
}

/** What an item change means for analytics. Anything not listed is ignored. */
export async function eventsOf(c: ChangeRecord, now: Date): Promise<Emitted[]> {
  const n = c.newImage;
  const o = c.oldImage;
  const { pk, sk } = c.keys;
  const inserted = c.eventName === 'INSERT';
  const modified = c.eventName === 'MODIFY';
  const changed = (attr: string) => modified && o?.[attr] !== n?.[attr];

  // users
  if (pk.startsWith('USER#') && sk === 'PROFILE' && n) {
    const userId = n.id as string;
    if (inserted) {
      const attribution = await checkedAttribution(n.attribution as Attribution | undefined);
      return [{ event: { kind: 'user_created', userId, role: n.role as string, optIn: Boolean(n.marketingOptIn), attribution, at: n.createdAt as string | undefined } }];
    }
    const out: Emitted[] = [];
    // Statistics consent first: a withdrawal written together with another change already covers that change.
    if (modified && statisticsGranted(o) !== statisticsGranted(n)) {
      const c = n[consentAttr('statistics')] as { at?: string } | undefined;
      out.push({ event: { kind: 'statistics_changed', userId, granted: statisticsGranted(n), at: c?.at ?? now.toISOString(), optIn: Boolean(n.marketingOptIn), now, ...(typeof n.level === 'string' ? { level: n.level } : {}) } });
    }
    if (changed('marketingOptIn')) out.push({ event: { kind: 'opt_in_changed', userId, optIn: Boolean(n.marketingOptIn) } });
    if (changed('level') && typeof n.level === 'string') out.push({ event: { kind: 'level_changed', userId, level: n.level } });
    return out;
  }
  // the points ledger (functions/db/points.ts): every entry once, by the level and tier of its owner
  if (pk.startsWith('USER#') && sk.startsWith('PTS#') && inserted && n) {
    const movement = MOVEMENT_OF[n.kind as string];
    if (!movement) return [];
    const points = movement === 'adjusted' ? Number(n.points) : Math.abs(Number(n.points));
    const value = Number(n.value ?? 0);
    return [{ event: { kind: 'points_moved', userId: pk.slice(5), movement, points, ...(value > 0 ? { value } : {}) } }];
  }
  // member benefits used: a quarterly check-in reminder sent (functions/db/checkin-reminders.ts)
  if (pk.startsWith('USER#') && sk.startsWith('CHECKINREMIND#') && inserted && n?.status === 'sent') {
    return [{ event: { kind: 'benefit_used', userId: pk.slice(5), benefit: 'checkin_reminder' } }];
  }
  // … and a gathering seat taken inside the early-registration window (a waitlist ticket is not a seat)
  // (a new registration, or one made again after a cancelled or expired one: the same item put again).
  const madeAgain = modified && ['cancelled', 'expired'].includes(o?.status as string);
  if (pk.startsWith('GATHERING#') && sk.startsWith('REG#') && (inserted || madeAgain) && n?.early && n.status !== 'waitlisted') {
    return [{ event: { kind: 'benefit_used', userId: sk.slice(4), benefit: 'early_gathering' } }];
  }
  // courses (functions/db/course.ts): a redemption (the entitlement), a first open through a benefit, a start, a finish
  if (pk.startsWith('USER#') && sk.startsWith('ENTITLE#course#') && inserted) {
    const courseId = await courseIdOf(sk.slice('ENTITLE#course#'.length));
    return courseId ? [{ event: { kind: 'course_reached', userId: pk.slice(5), courseId, stage: 'access', via: 'points' } }] : [];
  }
  if (pk.startsWith('USER#') && sk.startsWith('COURSEOPEN#') && inserted) {
    return [{ event: { kind: 'course_reached', userId: pk.slice(5), courseId: sk.slice('COURSEOPEN#'.length), stage: 'access', via: 'benefit' } }];
  }
  if (pk.startsWith('USER#') && sk.startsWith('COURSE#') && n && (inserted || modified)) {
    const base = { kind: 'course_reached', userId: pk.slice(5), courseId: sk.slice('COURSE#'.length), ...(COURSE_WAYS.includes(n.via as CourseWay) ? { via: n.via as CourseWay } : {}) } as const;
    if (n.finishedAt && !o?.finishedAt) {
      const points = n.outcome === 'earned' ? Number(n.points ?? 0) : 0;
      return [{ event: { ...base, stage: 'finished', points, ...(n.outcome === 'no_points' ? { noPoints: true } : {}) } }];
    }
    return inserted ? [{ event: { ...base, stage: 'started' } }] : [];
  }
  // self-test results: the funnel counts the first one
  if (pk.startsWith('USER#') && sk.startsWith('SELFTEST#') && inserted) {
    return [{ event: { kind: 'stage_reached', userId: pk.slice(5), stage: 'selftests' } }];
  }
  // spend records (paid consults, recorded by an admin)
  if (pk.startsWith('USER#') && sk.startsWith('SPEND#') && inserted && n) {
    const bookingId = typeof n.bookingId === 'string' ? n.bookingId : undefined;
    return [{ event: { kind: 'spend_recorded', userId: pk.slice(5), at: n.at as string, sessions: n.sessions as number, amount: n.amount as number, now, ...(bookingId ? { bookingId } : {}) } }];
  }
  // bookings (functions/db/booking.ts): booked, then attended; paid once payments mark a booking so
  if (pk.startsWith('BOOKING#') && sk === 'BOOKING' && n) {
    const userId = n.clientId as string;
    const out: Emitted[] = [];
    // A paid consult is booked when its payment arrives (pending_payment → booked), a free one at once.
    if ((inserted || changed('status')) && n.status === 'booked') out.push({ event: { kind: 'stage_reached', userId, stage: 'booked' } });
    // A theme-day slot booked inside the member's early window (the benefit used).
    if (inserted && n.early) out.push({ event: { kind: 'benefit_used', userId, benefit: 'early_themeday' } });
    if (changed('status') && n.status === 'attended') out.push({ event: { kind: 'stage_reached', userId, stage: 'attended' } });
    if (becamePaid(n, o)) out.push({ event: { kind: 'paid', userId, at: (n.paidAt as string) ?? now.toISOString() } });
    return out;
  }
  // vouchers (functions/db/voucher.ts)
  if (pk.startsWith('VOUCHER#') && sk === 'VOUCHER' && n) {
    const v = { campaignId: n.campaignId as string, value: Number(n.value), expiresAt: n.expiresAt as string };
    if (inserted) return n.status === 'issued' ? [{ event: { kind: 'voucher_granted', ...v } }] : [];
    if (!changed('status')) return [];
    if (n.status === 'redeemed') return [{ event: { kind: 'voucher_redeemed', ...v, ownerId: n.ownerId as string } }];
    if (n.status === 'issued' && o?.status === 'redeemed') return [{ event: { kind: 'voucher_restored', ...v } }];
    if (n.status === 'revoked') return [{ event: { kind: 'voucher_revoked', ...v, wasIssued: o?.status === 'issued' } }];
    return [];
  }
  // client events (POST /events)
  if (pk.startsWith('EVENT#') && inserted && n) {
    const e = { campaignId: n.campaignId as string, channel: n.channel as string, variant: n.variant as string };
    if (n.eventType === 'page_view') {
      return [
        { event: { kind: 'page_view', ...e } },
        // A visitor counts once per campaign, in the channel and variant of their first view.
        { event: { kind: 'visitor_first_seen', ...e }, marker: `VISIT#${e.campaignId}#${n.visitorId as string}` },
      ];
    }
    if (n.eventType === 'invite_shared' && n.userId) {
      const via = (SHARE_KINDS as readonly unknown[]).includes(n.via) ? (n.via as ShareKind) : undefined;
      return [{ event: { kind: 'invite_shared', userId: n.userId as string, campaignId: e.campaignId, via } }];
    }
    // An invite landing page opened: unique visitors per campaign, by the share kind the link came from.
    if (n.eventType === 'share_opened') {
      return [{ event: { kind: 'invite_opened', campaignId: e.campaignId, via: toVia(n.via) }, marker: `IOPEN#${e.campaignId}#${n.visitorId as string}` }];
    }
    return [];
  }
  // NPS answers (POST /bookings/{id}/nps)
  if (pk.startsWith('NPS#') && inserted && n) {
    return [{ event: { kind: 'nps_answered', userId: n.userId as string, score: Number(n.score) } }];
  }
  return referralEvents(c);
}

/**
 * Invite acceptances and rejections (functions/db/referral.ts): the friend's edge `USER#<friend>/REFERRAL` gains
 * an `inviterId` (with `campaignId` and `depth`) when an invite is accepted; each refusal is a marker item
 * `REJECT#<campaignId>#<reason>#<friendId>`, written once per friend, campaign and reason.
 */
function referralEvents(c: ChangeRecord): Emitted[] {
  const n = c.newImage;
  if (!n) return [];
  if (c.keys.sk === 'REFERRAL' && c.keys.pk.startsWith('USER#')) {
    const userId = c.keys.pk.slice(5);
    const out: Emitted[] = [];
    if (n.inviterId && !c.oldImage?.inviterId && typeof n.campaignId === 'string') {
      out.push({ event: { kind: 'invite_accepted', campaignId: n.campaignId, depth: Number(n.depth ?? 1), userId, via: toVia(n.via) } });
    }
    if (n.inviterId && n.qualifiedAt && !c.oldImage?.qualifiedAt) out.push({ event: { kind: 'invite_qualified', userId } });
    return out;
  }
  if (c.eventName === 'INSERT' && c.keys.pk.startsWith('REJECT#')) {
    const [, campaignId, reason] = c.keys.pk.split('#');
    const userId = c.keys.pk.split('#').slice(3).join('#');
    if (campaignId && reason) return [{ event: { kind: 'invite_rejected', campaignId, reason, ...(userId ? { userId } : {}) } }];
  }
  return [];
}

/** An entitlement names its course by id (by title when the reward was set up before course ids). */
async function courseIdOf(named: string): Promise<string | undefined> {
  if (await getCourse(named)) return named;
  return (await listCourses()).find((c) => c.title === named)?.id;
}

const MOVEMENT_OF: Record<string, PointsMovement> = { earn: 'issued', spend: 'spent', expire: 'expired', adjust: 'adjusted' };

/** Consent to aggregate statistics on a profile image: on unless withdrawn (shared/care/consent.ts). */
function statisticsGranted(img: Record<string, unknown> | undefined): boolean {
  const c = img?.[consentAttr('statistics')] as { granted?: unknown } | undefined;
  return c?.granted !== false;
}

/**
 * Payments (built separately) mark a booking paid with `paymentStatus: 'paid'`, `status: 'paid'` or a `paidAt`;
 * any of them newly present lights the invite loop's last stage. Revenue comes from spend records only
 * (a paid booking should also write one, once per booking: functions/db/analytics.ts putSpend with its bookingId).
 */
function becamePaid(n: Record<string, unknown>, o: Record<string, unknown> | undefined): boolean {
  const paid = (x: Record<string, unknown> | undefined) => Boolean(x && (x.paymentStatus === 'paid' || x.status === 'paid' || x.paidAt));
  return paid(n) && !paid(o);
}

/**
 * A sign-up's attribution comes from the client: it counts only for a real campaign and one of its variants,
 * and an unknown channel counts as `other` — so nobody can grow the counter items with made-up names.
 */
async function checkedAttribution(a: Attribution | undefined): Promise<Attribution | undefined> {
  if (!a?.campaignId) return undefined;
  const campaign = await getCampaign(a.campaignId);
  if (!campaign || !campaign.variants.some((v) => v.id === a.variant)) return undefined;
  return { campaignId: a.campaignId, channel: normaliseChannel(campaign.channels, a.channel), variant: a.variant };
}
