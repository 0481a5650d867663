import { ulid } from 'ulidx';
import { cell } from '../../shared/analytics/privacy';
import { MembershipSettingsSchema } from '../../shared/membership/benefits';
import { COUNTED_BENEFITS, groupFigures, memberMetrics, totalUses } from '../../shared/membership/report';
import { TIERS, histogramOf, tierTotals } from '../../shared/analytics/tiers';
import { LEVEL_NAMES, LEVELS, type Level } from '../../shared/membership/levels';
import { AdjustBodySchema, PointsSettingsSchema, RedeemBodySchema } from '../../shared/membership/points';
import { IdempotencyKeySchema } from '../../shared/booking/params';
import { getTierCountersAndThresholds, getCampaignWithCounters } from '../db/analytics';
import { getMembershipStats, getPointsSettings, membershipSettingsForEditing, pointsSettingsForEditing, putMembershipSettings, putPointsSettings } from '../db/membership';
import { adjustPoints, listAdjustments } from '../db/points';
import { getCheckinStats } from '../db/checkin-reminders';
import { CHECKIN_SKIP_REASONS, quarterOf } from '../../shared/membership/checkin';
import { HttpError, conflict } from '../http/errors';
import { route } from '../http/route';
import { checkedRewards } from './rewards';
import { assertClient, membershipOf, pointsSummary, redeem } from './service';

const STAFF = ['marketer', 'admin'] as const;

/** If-Match: the settings version an editor started from (`"none"` = never saved); absent = save regardless. */
function ifMatch(headers: Record<string, string | undefined>): string | null | undefined {
  const raw = headers['if-match']?.trim().replace(/^"|"$/g, '');
  if (!raw) return undefined;
  if (raw === 'none') return null;
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(raw)) throw new HttpError(400, 'validation', 'If-Match: not a settings version', 'If-Match');
  return raw;
}
const staleSettings = () => conflict('settings_changed', '其他同事刚刚保存过这些设置。请刷新页面，在最新的设置上再修改。');

/** Membership: levels, benefits and points (`/me/membership`, `/me/points`), their settings and aggregates. */
export const membershipRoutes = [
  route({
    method: 'GET',
    path: '/me/membership',
    auth: ['client'],
    handle: async ({ caller }) => ({ status: 200, body: await membershipOf(caller.id, new Date()) }),
  }),

  route({
    method: 'GET',
    path: '/me/points',
    auth: ['client'],
    handle: async ({ caller }) => {
      const p = await pointsSummary(caller.id, new Date());
      return { status: 200, body: { balance: p.balance, expiring: p.expiring, items: p.entries.map(({ by, ...e }) => (void by, e)) } };
    },
  }),

  route({
    method: 'POST',
    path: '/me/points/redemptions',
    auth: ['client'],
    body: RedeemBodySchema,
    handle: async ({ caller, body, headers }) => {
      const raw = headers['idempotency-key'];
      const parsed = raw === undefined ? undefined : IdempotencyKeySchema.safeParse(raw);
      if (parsed && !parsed.success) throw new HttpError(400, 'validation', 'Idempotency-Key: 8–64 letters, digits, _ or -', 'Idempotency-Key');
      return { status: 201, body: await redeem(caller.id, body.rewardId, parsed?.data, new Date()) };
    },
  }),

  route({
    method: 'GET',
    path: '/membership/settings',
    auth: STAFF,
    handle: async () => {
      const [membership, points] = await Promise.all([membershipSettingsForEditing(), pointsSettingsForEditing()]);
      return {
        status: 200,
        body: {
          membership: membership.value,
          points: points.value,
          // Sent back as If-Match by the editor: a save over someone else's newer save is refused (409).
          versions: { membership: membership.version, points: points.version },
          levels: LEVELS.map((l) => ({ id: l, name: LEVEL_NAMES[l] })),
        },
      };
    },
  }),

  route({
    method: 'PUT',
    path: '/membership/settings/benefits',
    auth: STAFF,
    body: MembershipSettingsSchema,
    handle: async ({ body, caller, headers }) => {
      const version = await putMembershipSettings(body, caller.id, ifMatch(headers));
      if (!version) throw staleSettings();
      return { status: 200, body: { membership: body, version } };
    },
  }),

  route({
    method: 'PUT',
    path: '/membership/settings/points',
    auth: STAFF,
    body: PointsSettingsSchema,
    handle: async ({ body, caller, headers }) => {
      // Every target checked before the one write: a refused reward leaves the stored settings as they were.
      const stored = await getPointsSettings(true);
      const points = { ...body, rewards: await checkedRewards(body.rewards, stored.rewards, new Date()) };
      const version = await putPointsSettings(points, caller.id, ifMatch(headers));
      if (!version) throw staleSettings();
      return { status: 200, body: { points, version } };
    },
  }),

  route({
    method: 'POST',
    path: '/admin/points/adjustments',
    // Admins only: a marketer sets the rules, never one person's balance.
    auth: ['admin'],
    body: AdjustBodySchema,
    handle: async ({ body, caller }) => {
      await assertClient(body.userId);
      const id = ulid();
      const out = await adjustPoints({ userId: body.userId, id, points: body.points, by: caller.id, reason: body.reason, now: new Date() });
      if (!out.ok) throw conflict('insufficient_points', 'points: the client does not have that many points to take away');
      return { status: 201, body: { id, userId: body.userId, points: body.points, reason: body.reason, by: caller.id } };
    },
  }),

  route({
    method: 'GET',
    path: '/admin/points/adjustments',
    auth: ['admin'],
    handle: async () => ({ status: 200, body: { items: await listAdjustments() } }),
  }),

  route({
    method: 'GET',
    path: '/analytics/membership',
    auth: STAFF,
    handle: async () => {
      const quarter = quarterOf(new Date());
      const [stats, tiers, voucherCost, checkins] = await Promise.all([
        getMembershipStats(),
        getTierCountersAndThresholds(),
        getCampaignWithCounters({ pk: 'CAMPAIGN#points', sk: 'CAMPAIGN' }, 'points'),
        getCheckinStats(quarter),
      ]);
      const clients = Number(tiers.counters.clients ?? 0);
      const counts = Object.fromEntries(LEVELS.filter((l) => l !== 'chushi').map((l) => [l, Math.max(0, stats[`lv|${l}`] ?? 0)]));
      const above = Object.values(counts).reduce((s, n) => s + n, 0);
      const levelClients = (l: Level) => (l === 'chushi' ? Math.max(0, clients - above) : counts[l]);
      const tierClients = tierTotals(histogramOf(tiers.counters), tiers.thresholds);
      const member = memberMetrics(tiers.counters, tiers.thresholds);
      const uses = totalUses(member.byLevel);
      const c = voucherCost.counters;
      return {
        status: 200,
        body: {
          levels: LEVELS.map((l) => ({ level: l, name: LEVEL_NAMES[l], ...groupFigures(levelClients(l), member.byLevel[l]) })),
          // Internal tiers (never shown to a client), read from the histogram cells under today's thresholds.
          tiers: TIERS.map((t) => ({ tier: t, ...groupFigures(tierClients[t].clients, member.byTier[t]) })),
          benefitsUsed: COUNTED_BENEFITS.map((k) => ({ kind: k, uses: cell(uses[k]) })),
          // This quarter's check-in reminders: sent, and clients not reminded by reason (each counted once a quarter).
          checkinReminders: {
            quarter,
            sent: cell(Math.max(0, checkins.sent ?? 0)),
            skipped: Object.fromEntries(CHECKIN_SKIP_REASONS.map((r) => [r, cell(checkins[`skip_${r}`] ?? 0)])),
          },
          points: {
            issued: stats.issued ?? 0,
            spent: stats.spent ?? 0,
            expired: stats.expired ?? 0,
            adjusted: stats.adjusted ?? 0,
            // The cost of points: consult vouchers they turned into (granted and redeemed value, yuan).
            voucherValueGranted: c['v|granted|value'] ?? 0,
            voucherValueRedeemed: c['v|redeemed|value'] ?? 0,
          },
          generatedAt: new Date().toISOString(),
        },
      };
    },
  }),
];
