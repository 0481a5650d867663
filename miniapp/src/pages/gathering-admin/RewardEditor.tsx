import { Input, Text, View } from '@tarojs/components';
import { newRewardId, type Reward, type RewardKind } from '../../../../shared/membership/points';
import { Button, Card, labelled } from '../../components';
import { gatheringWhen } from '../gathering/format';
import { MEMBERS_STRINGS as S } from './members-strings';

/** What the pickers offer: published gatherings that have not ended, published courses (null while loading). */
export interface Targets {
  gatherings: { id: string; title: string; startsAt: string; endsAt: string }[] | null;
  courses: { id: string; title: string }[] | null;
  failed: boolean;
}

/** The name a reward gets from what it points at, kept in step until the marketer writes their own. */
function autoName(r: Reward, t: Targets): string {
  if (r.kind === 'consult_voucher') return r.value ? S.autoVoucherName(r.value) : '';
  if (r.kind === 'gathering_seat') {
    const g = t.gatherings?.find((x) => x.id === r.gatheringId);
    return g ? S.autoSeatName(g.title).slice(0, 30) : '';
  }
  return r.course ? S.autoCourseName(r.course).slice(0, 30) : '';
}

/** A change to a reward; its name follows the target when it was empty or still the automatic one. */
export function changeReward(old: Reward, patch: Partial<Reward>, t: Targets): Reward {
  const next = { ...old, ...patch };
  return old.name === '' || old.name === autoName(old, t) ? { ...next, name: autoName(next, t) || old.name } : next;
}

/** A new reward of a kind, with a generated id (never typed, never one used before). */
export function blankReward(kind: RewardKind, taken: string[]): Reward {
  const base = { id: newRewardId(kind, taken), kind, name: '', points: 0 };
  return kind === 'consult_voucher' ? { ...base, validDays: 90 } : base;
}

/** An input's accessible name on the wrapper (weapp) and, through nativeProps, on H5's inner <input> itself. */

const num = (v: string) => (v.trim() === '' ? undefined : Number(v));

function Problem({ text }: { text?: string }) {
  return text ? (
    <View className='gadmin__error' ariaRole='alert'>
      <Text>{text}</Text>
    </View>
  ) : null;
}

function NumberField({ label, name, value, error, onChange }: { label: string; name: string; value?: number; error?: string; onChange: (v: number | undefined) => void }) {
  return (
    <View className='gadmin__field'>
      <Text className='gadmin__label'>{label}</Text>
      <Input className='gadmin__input' type='number' {...labelled(`${name} ${label}`)} value={value === undefined || Number.isNaN(value) ? '' : String(value)} onInput={(e) => onChange(num(e.detail.value))} />
      <Problem text={error} />
    </View>
  );
}

/** One choice among a few, as toggle buttons in a labelled group: keyboard reachable, each with a full name. */
function Picker<T extends { id: string }>(props: {
  label: string;
  items: T[] | null;
  failed: boolean;
  empty: string;
  selected?: string;
  /** The title of what it points at, when known without the list (a course reward's `course`). */
  current?: string;
  /** What to say when the reward points at something the list no longer offers. */
  stale: string;
  optionLabel: (x: T) => string;
  onPick: (x: T) => void;
  onRetry: () => void;
}) {
  const { label, items, failed, empty, selected, current, stale, optionLabel, onPick, onRetry } = props;
  const known = items?.some((x) => x.id === selected);
  return (
    <View className='gadmin__field'>
      <Text className='gadmin__label'>{label}</Text>
      {failed ? (
        <View className='gadmin__row'>
          <Text className='gadmin__meta'>{S.pickerFailed}</Text>
          <Button variant='quiet' block={false} onClick={onRetry}>{S.retry}</Button>
        </View>
      ) : !items ? (
        <Text className='gadmin__meta'>…</Text>
      ) : items.length === 0 ? (
        <Text className='gadmin__meta'>{empty}</Text>
      ) : (
        <View className='gadmin__row gadmin__picker' ariaRole='group' ariaLabel={label}>
          {items.map((x) => (
            <Button key={x.id} variant='secondary' block={false} selected={x.id === selected} onClick={() => onPick(x)}>{optionLabel(x)}</Button>
          ))}
        </View>
      )}
      {items && !known && (selected || current) && <Text className='gadmin__meta'>{stale}</Text>}
    </View>
  );
}

/** One points reward on the desk: every field of its kind, a picker for what it points at, remove. */
export function RewardEditor({ r, index, targets, errors, onChange, onRemove, onRetry }: {
  r: Reward;
  index: number;
  targets: Targets;
  errors: Record<string, string>;
  onChange: (r: Reward) => void;
  onRemove: () => void;
  onRetry: () => void;
}) {
  const name = r.name || S.newReward;
  const err = (field: keyof Reward) => errors[`rewards.${index}.${field}`];
  const set = (patch: Partial<Reward>) => onChange(changeReward(r, patch, targets));
  return (
    <Card className='gadmin__rule' title={name} badge={S.rewardKinds[r.kind]}>
      <View className='gadmin__field' data-reward={r.id}>
        <Text className='gadmin__label'>{S.rewardName}</Text>
        <Input className='gadmin__input' maxlength={30} {...labelled(`${S.rewardKinds[r.kind]} ${S.rewardName}`)} value={r.name} onInput={(e) => onChange({ ...r, name: e.detail.value })} />
        <Problem text={err('name')} />
      </View>
      {r.kind === 'gathering_seat' && (
        <Picker
          label={S.pickGathering}
          items={targets.gatherings}
          failed={targets.failed}
          empty={S.noGatherings}
          selected={r.gatheringId}
          stale={S.currentGathering}
          optionLabel={(g) => S.gatheringOption(g.title, gatheringWhen(g))}
          onPick={(g) => set({ gatheringId: g.id })}
          onRetry={onRetry}
        />
      )}
      {r.kind === 'course_access' && (
        <Picker
          label={S.pickCourse}
          items={targets.courses}
          failed={targets.failed}
          empty={S.noCourses}
          selected={r.courseId}
          current={r.course}
          stale={S.currentCourse(r.course ?? r.courseId ?? '')}
          optionLabel={(c) => c.title}
          onPick={(c) => set({ courseId: c.id, course: c.title })}
          onRetry={onRetry}
        />
      )}
      {(r.kind === 'gathering_seat' || r.kind === 'course_access') && <Problem text={err(r.kind === 'gathering_seat' ? 'gatheringId' : 'courseId')} />}
      <View className='gadmin__pair'>
        <NumberField label={S.rewardPoints} name={name} value={r.points || undefined} error={err('points')} onChange={(v) => onChange({ ...r, points: v ?? 0 })} />
        {r.kind === 'consult_voucher' ? <NumberField label={S.voucherValue} name={name} value={r.value} error={err('value')} onChange={(v) => set({ value: v })} /> : <View className='gadmin__field' />}
      </View>
      {r.kind === 'consult_voucher' && (
        <>
          <NumberField label={S.validDays} name={name} value={r.validDays} error={err('validDays')} onChange={(v) => onChange({ ...r, validDays: v })} />
          <View className='gadmin__pair'>
            <NumberField label={S.maxVouchers} name={name} value={r.maxVouchers} error={err('maxVouchers')} onChange={(v) => onChange({ ...r, maxVouchers: v })} />
            <NumberField label={S.maxValue} name={name} value={r.maxValue} error={err('maxValue')} onChange={(v) => onChange({ ...r, maxValue: v })} />
          </View>
          <Text className='gadmin__meta'>{S.voucherBudgetHint}</Text>
        </>
      )}
      <Problem text={err('kind') ?? err('id')} />
      <View className='gadmin__row'>
        <Button variant='quiet' block={false} label={S.removeReward(name)} onClick={onRemove}>{S.remove}</Button>
      </View>
    </Card>
  );
}
