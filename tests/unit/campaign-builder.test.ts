import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, duplicateVariant, move, toBody, toForm } from '../../miniapp/src/pages/campaign/editor-form';
import { PLACEHOLDER_TEXTS, publishProblems } from '../../shared/campaign/publish';
import { CampaignSchema, type Campaign } from '../../shared/campaign/schema';
import { DEFAULT_REWARD_RULES } from '../../shared/referral/rules';
import { wechatRulesCheck } from '../../shared/referral/wechat-check';

/** The builder's form model (no JSON anywhere) and the publish rules it shares with the server. */
const campaign = (over: Partial<Campaign> = {}): Campaign =>
  CampaignSchema.parse({
    id: 'c1',
    name: '十二月 · 邀请好友',
    type: 'invite',
    status: 'draft',
    startsAt: '2026-11-30T16:00:00.000Z', // 2026-12-01 00:00 Beijing
    endsAt: '2027-11-30T16:00:00.000Z', // the end of 2027-11-30 Beijing
    channels: ['wechat', 'douyin', 'custom_1'],
    channelLabels: { custom_1: '瑜伽馆' },
    rules: { ...DEFAULT_REWARD_RULES, budget: { maxVouchers: 200 } },
    variants: [
      {
        id: 'A',
        name: '温和版',
        weight: 60,
        blocks: [
          { kind: 'title', text: '照顾好自己' },
          { kind: 'inviteRules', title: '活动规则' },
          { kind: 'cta', label: '邀请好友', action: 'invite' },
        ],
      },
    ],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  });

describe('the campaign builder form', () => {
  it('a saved campaign comes back from the form unchanged (dates in Beijing, custom channel names, rules)', () => {
    const c = campaign();
    const body = toBody(toForm(c));
    expect(body).toMatchObject({ name: c.name, type: c.type, startsAt: c.startsAt, endsAt: c.endsAt, channels: c.channels, channelLabels: c.channelLabels, rules: c.rules, variants: c.variants });
    expect(toForm(c)).toMatchObject({ startDate: '2026-12-01', endDate: '2027-11-30' });
  });

  it('a number that is not a number is refused naming its field, as the server would', () => {
    const f = toForm(campaign());
    f.rules.milestone = '三';
    f.variants[0].weight = '';
    expect(check(f, false)).toMatchObject({ 'rules.milestone': expect.any(String), 'variants.0.weight': expect.any(String) });
  });

  it('publishing checks run in the form too: the untouched template is named field by field', () => {
    expect(check(toForm(), true)).toEqual({ name: '不能为空' }); // the schema first: a name is needed
    const errors = check({ ...toForm(), name: '十二月' }, true);
    expect(errors['variants.0.blocks.0.text']).toContain('示例文字');
    expect(errors['variants.0.blocks.0.subtitle']).toContain('示例文字');
  });

  it('moving a block up or down keeps every block; a duplicate variant gets a new id and the same blocks', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), fc.nat(), fc.integer({ min: -1, max: 1 }), (xs, i, d) => {
        const from = i % xs.length;
        const out = move(xs, from, from + d);
        expect([...out].sort()).toEqual([...xs].sort());
      }),
    );
    const f = toForm(campaign());
    const copy = duplicateVariant(f, 0)!;
    expect(copy.id).toBe('B');
    expect(copy.blocks).toEqual(f.variants[0].blocks);
    expect(copy.blocks).not.toBe(f.variants[0].blocks);
  });
});

describe('publish rules and the WeChat check', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('a finished invite campaign has no problems; every placeholder text is one', () => {
    expect(publishProblems(campaign(), now)).toEqual([]);
    for (const text of PLACEHOLDER_TEXTS.filter((t) => !t.startsWith('http'))) {
      const c = campaign({ variants: [{ ...campaign().variants[0], blocks: [{ kind: 'title', text }, ...campaign().variants[0].blocks.slice(1)] }] });
      expect(publishProblems(c, now).map((p) => p.field)).toContain('variants.0.blocks.0.text');
    }
  });

  it('an invite button above the rules is an error; a high milestone and no budget are advice', () => {
    const blocks = campaign().variants[0].blocks;
    const c = campaign({ variants: [{ ...campaign().variants[0], blocks: [blocks[0], blocks[2], blocks[1]] }] });
    expect(wechatRulesCheck(c.rules!, c.variants).find((m) => m.level === 'error')?.field).toBe('variants.0.blocks.1');
    const advice = wechatRulesCheck({ ...DEFAULT_REWARD_RULES, milestone: 9 }, campaign().variants);
    expect(advice.filter((m) => m.level === 'warn').map((m) => m.field)).toEqual(['rules.milestone', 'rules.budget']);
  });
});
