import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideAttribution, REJECTION_MESSAGES, REJECTION_REASONS, type AttributionInput } from '../../shared/referral/attribution';
import { codeFromScene, newInviteCode, normalizeCode, sceneFor, sharePathFor } from '../../shared/referral/codes';
import { DEFAULT_REWARD_RULES, RewardRulesSchema } from '../../shared/referral/rules';
import { rulesText } from '../../shared/referral/rules-text';
import { SCENE_PATTERN } from '../../functions/wechat/api';

const now = new Date('2026-11-23T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
const live = { status: 'published' as const, startsAt: '2026-10-31T16:00:00Z', endsAt: '2027-10-31T16:00:00Z', rules: DEFAULT_REWARD_RULES };

/** A friend who may be attributed: brand new, never invited, nothing done yet. */
function base(): AttributionInput {
  return {
    inviter: { id: 'A', rootId: 'A' },
    friend: { id: 'B', createdAt: hoursAgo(1), deviceId: 'dev-B', invitedCount: 0, completedSelftest: false, hasBooking: false },
    firstOpenAt: hoursAgo(2),
    campaign: live,
    now,
  };
}
const decide = (patch: (i: AttributionInput) => void) => {
  const i = base();
  patch(i);
  return decideAttribution(i);
};

describe('attribution decisions', () => {
  it('accepts a new friend within the window', () => {
    expect(decideAttribution(base())).toEqual({ ok: true });
  });

  it.each([
    ['campaign_inactive', (i: AttributionInput) => (i.campaign = undefined)],
    ['campaign_inactive', (i: AttributionInput) => (i.campaign = { ...live, status: 'draft' })],
    ['campaign_inactive', (i: AttributionInput) => (i.campaign = { ...live, endsAt: hoursAgo(1) })],
    ['self_invite', (i: AttributionInput) => (i.inviter = { id: 'B', rootId: 'B' })],
    ['already_invited', (i: AttributionInput) => (i.friend.inviterId = 'C')],
    ['cycle', (i: AttributionInput) => (i.inviter = { id: 'A', rootId: 'B' })],
    ['device_reused', (i: AttributionInput) => (i.deviceClaimedBy = 'Z')],
    ['existing_client', (i: AttributionInput) => (i.friend.completedSelftest = true)],
    ['existing_client', (i: AttributionInput) => (i.friend.hasBooking = true)],
    ['existing_client', (i: AttributionInput) => (i.friend.invitedCount = 2)],
    ['existing_client', (i: AttributionInput) => (i.friend.createdAt = hoursAgo(2 + 24.01))],
    ['window_expired', (i: AttributionInput) => ((i.firstOpenAt = hoursAgo(7 * 24 + 1)), (i.friend.createdAt = hoursAgo(7 * 24 + 2)))],
  ])('%s', (reason, patch) => {
    expect(decide(patch)).toEqual({ ok: false, reason });
  });

  it('signed up up to 24 hours before opening is still a new friend', () => {
    expect(decide((i) => (i.friend.createdAt = hoursAgo(2 + 23.9)))).toEqual({ ok: true });
  });

  it('the device claim of the friend themself is no obstacle (a retried accept)', () => {
    expect(decide((i) => (i.deviceClaimedBy = 'B'))).toEqual({ ok: true });
  });

  it('any friend who already has an inviter is never attributed again, whatever else holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2000 }), (inviterId, selftest, booking, openH) => {
        const d = decide((i) => {
          i.friend.inviterId = inviterId;
          i.friend.completedSelftest = selftest;
          i.friend.hasBooking = booking;
          i.firstOpenAt = hoursAgo(openH);
        });
        expect(d.ok).toBe(false);
      }),
    );
  });

  it('accepted decisions always satisfy every rule (property over random inputs)', () => {
    const arb = fc.record({
      inviter: fc.constantFrom('A', 'B'),
      root: fc.constantFrom('A', 'B', 'R'),
      invitedBy: fc.option(fc.constantFrom('C', 'D'), { nil: undefined }),
      invitedCount: fc.integer({ min: 0, max: 3 }),
      selftest: fc.boolean(),
      booking: fc.boolean(),
      createdH: fc.integer({ min: 0, max: 400 }),
      openH: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      claimedBy: fc.option(fc.constantFrom('B', 'Z'), { nil: undefined }),
      status: fc.constantFrom('published' as const, 'draft' as const, 'ended' as const),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const input: AttributionInput = {
          inviter: { id: x.inviter, rootId: x.inviter === 'A' ? x.root : 'B' },
          friend: { id: 'B', createdAt: hoursAgo(x.createdH), deviceId: 'd', inviterId: x.invitedBy, invitedCount: x.invitedCount, completedSelftest: x.selftest, hasBooking: x.booking },
          firstOpenAt: x.openH === undefined ? undefined : hoursAgo(x.openH),
          deviceClaimedBy: x.claimedBy,
          campaign: { ...live, status: x.status },
          now,
        };
        const d = decideAttribution(input);
        const firstOpen = x.openH ?? 0;
        const okExpected =
          x.status === 'published' &&
          x.inviter !== 'B' &&
          !x.invitedBy &&
          input.inviter.rootId !== 'B' &&
          x.claimedBy !== 'Z' &&
          !x.selftest &&
          !x.booking &&
          x.invitedCount === 0 &&
          x.createdH - firstOpen <= 24 &&
          firstOpen <= 7 * 24;
        expect(d.ok).toBe(okExpected);
        if (!d.ok) expect(REJECTION_REASONS).toContain(d.reason);
      }),
    );
  });

  it('every reason has a zh-CN message', () => {
    for (const r of REJECTION_REASONS) expect(REJECTION_MESSAGES[r]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('invite codes and scenes', () => {
  it('codes are 8 unambiguous characters, their scene fits WeChat’s limit and reads back', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const code = newInviteCode();
        expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
        expect(sceneFor(code)).toMatch(SCENE_PATTERN);
        expect(codeFromScene(sceneFor(code))).toBe(code);
        expect(codeFromScene(encodeURIComponent(sceneFor(code)))).toBe(code);
        expect(normalizeCode(code.toLowerCase())).toBe(code);
        expect(sharePathFor(code)).toBe(`/pages/referral/landing?code=${code}`);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects what cannot be a code', () => {
    for (const bad of ['', 'ABC', 'ABCDEFG0', 'ABCDEFGI', 'ABCDEFGHJ', '中文中文中文中文']) expect(normalizeCode(bad)).toBeUndefined();
    expect(codeFromScene('x=ABCDEFGH')).toBeUndefined();
    expect(codeFromScene('%E0%A4%A')).toBeUndefined();
  });
});

describe('rules text', () => {
  it('says what the friend must do, how many friends, what each side gets, validity, and that sharing alone earns nothing', () => {
    const text = rulesText(DEFAULT_REWARD_RULES, live).join('\n');
    expect(text).toContain('完成一次情绪自测');
    expect(text).toContain('3 位好友');
    expect(text).toContain('¥100');
    expect(text).toContain('¥50');
    expect(text).toContain('60 天');
    expect(text).toContain('7 天');
    expect(text).toContain('仅分享链接或海报不会获得任何奖励');
    expect(text).toContain('2026年11月1日 至 2027年10月31日');
  });

  it('speaks to the friend on the landing page, with the same facts', () => {
    const text = rulesText(DEFAULT_REWARD_RULES, live, 'friend').join('\n');
    expect(text).toContain('你需要做的');
    expect(text).toContain('你获得 1 张 ¥50');
    expect(text).toContain('邀请人获得 1 张 ¥100');
    expect(text).toContain('仅分享链接或海报不会获得任何奖励');
  });

  it('follows the rules it is given', () => {
    const rules = RewardRulesSchema.parse({ qualifyingAction: 'consult_attended', milestone: 5, repeatMilestone: true, inviterReward: { value: 200, validDays: 30 }, budget: { maxVouchers: 100 } });
    const text = rulesText(rules).join('\n');
    expect(text).toContain('实际参加一次咨询');
    expect(text).toContain('每有 5 位好友');
    expect(text).toContain('¥200');
    expect(text).toContain('30 天');
    expect(text).toContain('总量有限');
  });
});
