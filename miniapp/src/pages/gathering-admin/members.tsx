import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { TIERS } from '../../../../shared/analytics/tiers';
import { BENEFIT_KINDS, type BenefitRule, type MembershipSettings } from '../../../../shared/membership/benefits';
import { LEVEL_NAMES, LEVELS } from '../../../../shared/membership/levels';
import { PointsSettingsSchema, type PointsSettings, type Reward, type RewardKind, REWARD_KINDS } from '../../../../shared/membership/points';
import { api, ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, labelled, Loading, Notice, Page, Table } from '../../components';
import { courseApi } from '../course/api';
import { upcomingPublishedGatherings } from '../gathering/api';
import { MEMBERS_STRINGS as S } from './members-strings';
import { blankReward, RewardEditor, type Targets } from './RewardEditor';
import './gathering-admin.scss';

type Cell = number | '<5';
interface GroupFigures {
  clients: Cell;
  benefitsUsed: Record<string, Cell>;
  points: { issued: number; spent: number; expired: number; adjusted: number; value: number } | null;
}
interface Overview {
  levels: ({ level: string; name: string } & GroupFigures)[];
  tiers: ({ tier: string } & GroupFigures)[];
  benefitsUsed: { kind: string; uses: Cell }[];
  points: { issued: number; spent: number; expired: number; adjusted: number; voucherValueGranted: number; voucherValueRedeemed: number };
}

const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
const explain = (err: unknown) => (err instanceof ApiError && err.field ? S.fieldError(err.field) : friendlyMessage(err));
/** Someone else saved these settings after this page loaded them (409 from the If-Match check). */
const isStale = (err: unknown) => err instanceof ApiError && err.code === 'settings_changed';
type Versions = { membership: string | null; points: string | null };
/** The version this page started from, as If-Match ("none": never saved). */
const ifMatch = (v: string | null) => ({ headers: { 'If-Match': v ?? 'none' } });

/** A refused reward field (`rewards.2.gatheringId`) in the marketer's words: the server's reason when known. */
function rewardProblem(field: string, reason: string): string {
  return S.rewardErrors[reason] ?? S.rewardFieldErrors[field.split('.')[2]] ?? S.fieldError(field);
}

/** What the gathering and course pickers offer: published gatherings that have not ended, and published courses. */
async function loadTargets(): Promise<Targets> {
  const [gatherings, c] = await Promise.all([upcomingPublishedGatherings(), courseApi.adminList()]);
  return { gatherings, courses: c.items.filter((x) => x.status === 'published'), failed: false };
}

function BenefitEditor({ b, onChange, onRemove }: { b: BenefitRule; onChange: (b: BenefitRule) => void; onRemove: () => void }) {
  return (
    <Card className='gadmin__rule' title={S.benefitKinds[b.kind]}>
      <Text className='gadmin__label'>{S.levels}</Text>
      <View className='gadmin__row'>
        {LEVELS.map((l) => (
          <Button key={l} variant='secondary' block={false} selected={b.levels.includes(l)} onClick={() => onChange({ ...b, levels: toggle(b.levels, l) })}>{LEVEL_NAMES[l]}</Button>
        ))}
      </View>
      <Text className='gadmin__label'>{S.tiers}</Text>
      <View className='gadmin__row'>
        {TIERS.map((t) => (
          <Button key={t} variant='secondary' block={false} selected={b.tiers.includes(t)} onClick={() => onChange({ ...b, tiers: toggle(b.tiers, t) })}>{S.tierNames[t]}</Button>
        ))}
      </View>
      {b.kind.startsWith('early_') && (
        <View className='gadmin__field'>
          <Text className='gadmin__label'>{S.hours}</Text>
          <Input className='gadmin__input' type='number' {...labelled(S.hours)} value={String(b.hours ?? '')} onInput={(e) => onChange({ ...b, hours: Number(e.detail.value) || undefined })} />
        </View>
      )}
      {b.kind === 'course_access' && (
        <View className='gadmin__field'>
          <Text className='gadmin__label'>{S.course}</Text>
          <Input className='gadmin__input' {...labelled(S.course)} value={b.courseId ?? b.course ?? ''} onInput={(e) => onChange({ ...b, courseId: e.detail.value.trim() || undefined, course: undefined })} />
        </View>
      )}
      <Button variant='quiet' block={false} onClick={onRemove}>{S.remove}</Button>
    </Card>
  );
}

const USE_COLUMNS = ['early_themeday', 'early_gathering', 'checkin_reminder'] as const;
const POINT_COLUMNS = ['issued', 'spent', 'expired', 'value'] as const;

/** Clients, benefit uses and points of each level or tier; sums of groups under 5 stay hidden. */
function Breakdown({ title, rows }: { title: string; rows: { key: string; name: string; f: GroupFigures }[] }) {
  const columns = ['clients', ...USE_COLUMNS, ...POINT_COLUMNS].map((key) => ({ key, label: S.columns[key] }));
  const cells = (f: GroupFigures): Record<string, string> => ({
    clients: String(f.clients),
    ...Object.fromEntries(USE_COLUMNS.map((c) => [c, String(f.benefitsUsed[c] ?? 0)])),
    ...Object.fromEntries(POINT_COLUMNS.map((c) => [c, f.points ? String(f.points[c]) : S.hidden])),
  });
  return (
    <Card title={title}>
      <Table label={title} head={S.columns.group} columns={columns} rows={rows.map(({ key, name, f }) => ({ key, label: name, cells: cells(f) }))} />
    </Card>
  );
}

/** The marketer's membership desk: aggregates (with "<5"), benefit rules per level and tier, points rules. */
export default function MembersPage() {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [m, setM] = useState<MembershipSettings | null>(null);
  const [p, setP] = useState<PointsSettings | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [stale, setStale] = useState(false);
  const [versions, setVersions] = useState<Versions>({ membership: null, points: null });
  const [targets, setTargets] = useState<Targets>({ gatherings: null, courses: null, failed: false });
  const [rewardErrors, setRewardErrors] = useState<Record<string, string>>({});
  const refreshTargets = () => {
    setTargets({ gatherings: null, courses: null, failed: false });
    loadTargets().then(setTargets, () => setTargets({ gatherings: null, courses: null, failed: true }));
  };
  const load = async () => {
    if (!requireLogin()) return;
    try {
      const [o, s] = await Promise.all([api.get<Overview>('/analytics/membership'), api.get<{ membership: MembershipSettings; points: PointsSettings; versions: Versions }>('/membership/settings')]);
      setOverview(o);
      setM(s.membership);
      setP(s.points);
      setVersions(s.versions);
      setStale(false);
      setNote('');
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
    refreshTargets();
  });
  const saveBenefits = async () => {
    try {
      const saved = await api.put<{ version: string }>('/membership/settings/benefits', m, ifMatch(versions.membership));
      setVersions({ ...versions, membership: saved.version });
      setNote('');
      Taro.showToast({ title: S.saved, icon: 'none' });
    } catch (err) {
      setStale(isStale(err));
      setNote(isStale(err) ? S.stale : explain(err));
    }
  };
  const savePoints = async () => {
    if (!p) return;
    // The shared schema first: every problem of every reward shown at once, next to its field.
    const checked = PointsSettingsSchema.safeParse(p);
    if (!checked.success) {
      const found: Record<string, string> = {};
      for (const issue of checked.error.issues) {
        const field = issue.path.join('.');
        if (field.startsWith('rewards.') && issue.path.length >= 3) found[field] ??= rewardProblem(field, issue.message);
      }
      setRewardErrors(found);
      setNote(Object.keys(found).length ? S.rewardsInvalid : S.fieldError(checked.error.issues[0].path.join('.')));
      return;
    }
    try {
      const saved = await api.put<{ points: PointsSettings; version: string }>('/membership/settings/points', checked.data, ifMatch(versions.points));
      setP(saved.points);
      setVersions({ ...versions, points: saved.version });
      setRewardErrors({});
      setNote('');
      Taro.showToast({ title: S.saved, icon: 'none' });
    } catch (err) {
      if (err instanceof ApiError && err.field?.startsWith('rewards.')) {
        setRewardErrors({ [err.field]: rewardProblem(err.field, err.message.slice(err.field.length + 2)) });
        setNote(S.rewardsInvalid);
      } else {
        setStale(isStale(err));
        setNote(isStale(err) ? S.stale : explain(err));
      }
    }
  };
  if (error) return <Page back title={S.title}><ErrorState message={error} onRetry={load} /></Page>;
  if (!overview || !m || !p) return <Page back title={S.title}><Loading /></Page>;
  const setReward = (i: number, r: Reward) => setP({ ...p, rewards: p.rewards.map((x, j) => (j === i ? r : x)) });
  const addReward = (kind: RewardKind) => setP({ ...p, rewards: [...p.rewards, blankReward(kind, p.rewards.map((r) => r.id))] });
  const removeReward = async (i: number) => {
    const r = p.rewards[i];
    const ok = await Taro.showModal({ title: S.removeReward(r.name || S.newReward), content: S.removeConfirm(r.name || S.newReward) });
    if (!ok.confirm) return;
    // Errors are keyed by position: those of the removed reward and after it no longer point at the right card.
    setRewardErrors({});
    setP((cur) => (cur ? { ...cur, rewards: cur.rewards.filter((x) => x.id !== r.id) } : cur));
  };
  const setRule = (i: number, b: BenefitRule) => setM({ ...m, benefits: m.benefits.map((x, j) => (j === i ? b : x)) });
  const addRule = (kind: BenefitRule['kind']) =>
    setM({ ...m, benefits: [...m.benefits, { id: `${kind.replace('_', '-')}-${m.benefits.length + 1}`.slice(0, 24), kind, levels: [], tiers: [], ...(kind.startsWith('early_') ? { hours: 24 } : {}) }] });
  return (
    <Page back title={S.title} subtitle={S.subtitle} className='gadmin'>
      <Card title={S.overview}>
        {overview.levels.map((l) => <Text key={l.level} className='gadmin__meta'>{S.levelClients(l.name, l.clients)}</Text>)}
        {overview.benefitsUsed.map((b) => <Text key={b.kind} className='gadmin__meta'>{`${S.benefitUses[b.kind]}：${S.uses(b.uses)}`}</Text>)}
        <Text className='gadmin__meta'>{S.points(overview.points.issued, overview.points.spent, overview.points.expired, overview.points.adjusted)}</Text>
        <Text className='gadmin__meta'>{S.cost(overview.points.voucherValueGranted, overview.points.voucherValueRedeemed)}</Text>
        <Notice tone='privacy'>{S.privacy}</Notice>
      </Card>
      <Breakdown title={S.byLevel} rows={overview.levels.map((l) => ({ key: l.level, name: l.name, f: l }))} />
      <Breakdown title={S.byTier} rows={overview.tiers.map((t) => ({ key: t.tier, name: S.tierNames[t.tier], f: t }))} />
      <Text className='gadmin__meta'>{S.breakdownHint}</Text>

      <Text className='gadmin__section'>{S.benefits}</Text>
      <View className='gadmin__field'>
        <Text className='gadmin__label'>{S.themeDayDays}</Text>
        <Input className='gadmin__input' type='number' {...labelled(S.themeDayDays)} value={m.themeDayOpensDaysBefore ? String(m.themeDayOpensDaysBefore) : ''} onInput={(e) => setM({ ...m, themeDayOpensDaysBefore: Number(e.detail.value) || null })} />
      </View>
      {m.benefits.map((b, i) => (
        <BenefitEditor key={`${b.id}-${i}`} b={b} onChange={(x) => setRule(i, x)} onRemove={() => setM({ ...m, benefits: m.benefits.filter((_, j) => j !== i) })} />
      ))}
      <View className='gadmin__row'>
        {BENEFIT_KINDS.filter((k) => k !== 'recommended_counselor').map((k) => (
          <Button key={k} variant='quiet' block={false} onClick={() => addRule(k)}>{S.add(S.benefitKinds[k])}</Button>
        ))}
      </View>
      <Button onClick={saveBenefits}>{S.saveBenefits}</Button>

      <Text className='gadmin__section'>{S.earn}</Text>
      {p.earn.map((r, i) => (
        <Card key={r.cause} className='gadmin__rule' title={S.earnCauses[r.cause]}>
          <View className='gadmin__pair'>
            <View className='gadmin__field'>
              <Text className='gadmin__label'>{S.earnPoints}</Text>
              <Input className='gadmin__input' type='number' {...labelled(`${S.earnCauses[r.cause]} ${S.earnPoints}`)} value={String(r.points)} onInput={(e) => setP({ ...p, earn: p.earn.map((x, j) => (j === i ? { ...x, points: Number(e.detail.value) } : x)) })} />
            </View>
            <View className='gadmin__field'>
              <Text className='gadmin__label'>{S.budget}</Text>
              <Input className='gadmin__input' type='number' {...labelled(`${S.earnCauses[r.cause]} ${S.budget}`)} value={String(r.budget)} onInput={(e) => setP({ ...p, earn: p.earn.map((x, j) => (j === i ? { ...x, budget: Number(e.detail.value) } : x)) })} />
            </View>
          </View>
        </Card>
      ))}
      <Text className='gadmin__section'>{S.rewards}</Text>
      <Text className='gadmin__meta'>{S.rewardsHint}</Text>
      {p.rewards.map((r, i) => (
        <RewardEditor key={r.id} r={r} index={i} targets={targets} errors={rewardErrors} onChange={(x) => setReward(i, x)} onRemove={() => removeReward(i)} onRetry={refreshTargets} />
      ))}
      <View className='gadmin__row'>
        {REWARD_KINDS.map((k) => (
          <Button key={k} variant='quiet' block={false} onClick={() => addReward(k)}>{S.addReward(S.rewardKinds[k])}</Button>
        ))}
      </View>
      <Button onClick={savePoints}>{S.savePoints}</Button>
      {note && <Notice tone='warning'>{note}</Notice>}
      {stale && <Button variant='secondary' onClick={load}>{S.reload}</Button>}
    </Page>
  );
}
