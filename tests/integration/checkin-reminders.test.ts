import { describe, expect, it } from 'vitest';
import { getCheckinStats } from '../../functions/db/checkin-reminders';
import { setLevel } from '../../functions/db/membership';
import { drainStreams } from '../../functions/local/streams';
import { decide, runCheckinReminders, type CheckinRunResult } from '../../functions/membership/checkins';
import { wechat } from '../../functions/wechat';
import type { LocalWechatApi } from '../../functions/wechat/local';
import { CHECKIN_MESSAGE, CHECKIN_PAGE, quarterOf } from '../../shared/membership/checkin';
import { useApiTestBed } from '../setup/testbed';

/**
 * The quarterly check-in reminder (a member benefit) against DynamoDB Local and the local WeChat stand-in: one
 * subscription message per client per quarter, only with the benefit, `checkins` consent, a one-time grant, no
 * crisis pause and outside quiet hours. Runs use an explicit clock.
 */
const api = useApiTestBed();
const TEMPLATE = 'local-checkin-invite';
const outbox = () => (wechat() as LocalWechatApi).outbox;
const remindersTo = (name: string) => outbox().filter((m) => m.page === CHECKIN_PAGE && m.openid === `dev:client:${name}`);

/** Today (Beijing) at hh:mm Beijing, plus some days, as a UTC Date. */
const beijing = (hh: number, mm = 0, plusDays = 0) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + plusDays, hh - 8, mm));
};

async function member(name: string, opts: { consent?: boolean; grants?: number; level?: 'zhiyou' | 'chushi' } = {}) {
  const c = await api.login(name);
  if ((opts.level ?? 'zhiyou') !== 'chushi') await setLevel(c.user.id, 'chushi', opts.level ?? 'zhiyou');
  if (opts.consent ?? true) await api.call('PUT', '/me/consents', { token: c.token, body: { checkins: true } });
  for (let i = 0; i < (opts.grants ?? 1); i++) {
    const g = await api.call('POST', '/me/message-grants', { token: c.token, body: { templateId: TEMPLATE } });
    if (g.status !== 201) throw new Error(`${g.status} ${g.text}`);
  }
  return { ...c, name };
}

describe('quarterly check-in reminders', () => {
  it('reach a due client exactly once per quarter under two concurrent runs, and not again within the quarter', async () => {
    const due = await member('季度提醒甲', { grants: 2 });
    const at = beijing(10);
    const runs = await Promise.all([runCheckinReminders(() => at), runCheckinReminders(() => at)]);
    expect(runs.map((r) => r.state)).toEqual(['done', 'done']);
    const sent = remindersTo(due.name);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: TEMPLATE, data: CHECKIN_MESSAGE });
    // An invitation only: nothing about any result, no figures at all.
    expect(Object.values(sent[0].data as Record<string, { value: string }>).map((f) => f.value).join(' ')).not.toMatch(/\d|分数|得分|严重/);

    // The client sees it in 我的权益: one grant used, one left, the consent and when it went out.
    const me = await api.call('GET', '/me/membership', { token: due.token });
    expect(me.body.checkinReminder).toMatchObject({ templateId: TEMPLATE, grants: 1, consent: { granted: true }, lastSentAt: at.toISOString() });

    // A retry, the next day's run, a run three weeks later in the same quarter: nothing more.
    await runCheckinReminders(() => at);
    await runCheckinReminders(() => beijing(10, 0, 1));
    if (quarterOf(beijing(10, 0, 21)) === quarterOf(at)) await runCheckinReminders(() => beijing(10, 0, 21));
    expect(remindersTo(due.name)).toHaveLength(1);

    // Next quarter (more than ~90 days on), the remaining grant brings the next invitation, once.
    const later = beijing(10, 0, 95);
    expect(quarterOf(later)).not.toBe(quarterOf(at));
    await Promise.all([runCheckinReminders(() => later), runCheckinReminders(() => later)]);
    expect(remindersTo(due.name)).toHaveLength(2);
  });

  it('sends nothing without consent, after consent is withdrawn, during a crisis pause or without a grant, and counts why once', async () => {
    const at = beijing(11);
    const quarter = quarterOf(at);
    const before = await getCheckinStats(quarter);
    const noConsent = await member('没同意关心提醒', { consent: false });
    const noGrant = await member('没给授权的人', { grants: 0 });
    const inCrisis = await member('最近很难过的人');
    await api.call('POST', '/selftests/phq9/results', { token: inCrisis.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    const withdrew = await member('已经撤回的人');
    await api.call('PUT', '/me/consents', { token: withdrew.token, body: { checkins: false } });
    const noBenefit = await member('刚认识的人', { level: 'chushi' });
    // Marketing consent is not consent to check-in reminders.
    const marketingOnly = await member('只同意营销的人', { consent: false });
    await api.call('PUT', '/me/consents', { token: marketingOnly.token, body: { marketing: true } });

    const run = await runCheckinReminders(() => at);
    expect(run.state).toBe('done');
    for (const c of [noConsent, noGrant, inCrisis, withdrew, noBenefit, marketingOnly]) expect(remindersTo(c.name)).toEqual([]);
    expect(run.skipped).toEqual({ no_consent: 3, no_grant: 1, crisis_pause: 1 });

    // Counted once per client and quarter, however often the daily run meets them.
    await runCheckinReminders(() => beijing(12));
    const after = await getCheckinStats(quarter);
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([delta('skip_no_consent'), delta('skip_no_grant'), delta('skip_crisis_pause'), delta('sent')]).toEqual([3, 1, 1, 0]);

    // A late grant is honoured on the next run.
    await api.call('POST', '/me/message-grants', { token: noGrant.token, body: { templateId: TEMPLATE } });
    await runCheckinReminders(() => beijing(13));
    expect(remindersTo(noGrant.name)).toHaveLength(1);

    // The marketer sees this quarter's figures as aggregates only (1–4 shown as "<5"), never who.
    const marketer = await api.login('市场部小周', 'marketer');
    await drainStreams(); // benefit uses are counted from the table's stream
    const view = await api.call('GET', '/analytics/membership', { token: marketer.token });
    if (quarterOf(new Date()) === quarter) {
      expect(view.body.checkinReminders).toMatchObject({ quarter, skipped: { no_consent: '<5', no_grant: '<5', crisis_pause: '<5' } });
      expect(view.body.benefitsUsed).toContainEqual({ kind: 'checkin_reminder', uses: '<5' });
    }
    expect(JSON.stringify(view.body)).not.toContain(noConsent.user.id);
  });

  it('re-checks consent and the crisis pause inside the send: a client read as due but changed since gets nothing', async () => {
    const at = beijing(14);
    const late = await member('选中后撤回的人');
    const paused = await member('选中后进入暂停的人');
    // Read as due (consent on, no pause)…
    const stale = [late, paused].map((c) => ({ id: c.user.id, openid: `dev:client:${c.name}`, level: 'zhiyou', consent: true }));
    // …then the consent is withdrawn and a crisis result pauses the other, before the send.
    await api.call('PUT', '/me/consents', { token: late.token, body: { checkins: false } });
    await api.call('POST', '/selftests/phq9/results', { token: paused.token, body: { answers: [3, 3, 3, 3, 3, 3, 3, 3, 0] } });
    const result: CheckinRunResult = { state: 'done', quarter: quarterOf(at), evaluated: 0, sent: 0, skipped: {}, read: 0 };
    for (const c of stale) await decide(c, TEMPLATE, at, result);
    expect(result).toMatchObject({ sent: 0, skipped: { consent_withdrawn: 1, crisis_pause: 1 } });
    expect([...remindersTo(late.name), ...remindersTo(paused.name)]).toEqual([]);
    // The grants were not used.
    expect((await api.call('GET', '/me/membership', { token: late.token })).body.checkinReminder.grants).toBe(1);
  });

  it('never sends 21:00–09:00 Beijing: the run waits and counts the quiet run', async () => {
    const night = await member('夜里也在的人');
    const times = [beijing(21, 0, 2), beijing(23, 30, 2), beijing(8, 59, 3)];
    // A quiet run is counted in its own quarter, and the night may cross into the next one (31 Dec → 1 Jan).
    const quarters = [...new Set(times.map(quarterOf))];
    const quietRuns = async () => (await Promise.all(quarters.map(async (q) => (await getCheckinStats(q)).runs_quiet_hours ?? 0))).reduce((a, b) => a + b, 0);
    const before = await quietRuns();
    for (const t of times) {
      expect((await runCheckinReminders(() => t)).state).toBe('quiet_hours');
    }
    expect(remindersTo(night.name)).toEqual([]);
    expect((await quietRuns()) - before).toBe(3);
    await runCheckinReminders(() => beijing(9, 0, 3));
    expect(remindersTo(night.name)).toHaveLength(1);
  });

  it('shows the reminder state in 我的权益 only to those with the benefit, and takes grants only for known templates', async () => {
    const newcomer = await member('新来的朋友', { level: 'chushi', consent: false, grants: 0 });
    expect((await api.call('GET', '/me/membership', { token: newcomer.token })).body.checkinReminder).toBeNull();
    const holder = await member('老朋友', { consent: false, grants: 0 });
    expect((await api.call('GET', '/me/membership', { token: holder.token })).body.checkinReminder).toEqual({ templateId: TEMPLATE, grants: 0, consent: { granted: false }, lastSentAt: null });
    const bad = await api.call('POST', '/me/message-grants', { token: holder.token, body: { templateId: 'not-ours' } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'templateId' } });
  });
});
