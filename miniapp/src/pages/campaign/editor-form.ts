import { addDays, isValid } from 'date-fns';
import { BLOCK_KINDS, type Block, type BlockKind, type Variant } from '../../../../shared/campaign/blocks';
import { KNOWN_CHANNELS, isCustomChannel } from '../../../../shared/campaign/channels';
import { publishProblems, type PublishProblem } from '../../../../shared/campaign/publish';
import { CampaignInputSchema, type Campaign, type CampaignInput } from '../../../../shared/campaign/schema';
import { isIsoDateTime } from '../../../../shared/iso';
import { DEFAULT_REWARD_RULES, type RewardRules } from '../../../../shared/referral/rules';
import { inShanghai, isoDateOf, shanghaiWallClock, utcIso } from '../../../../shared/time';
import { BLOCK_TEMPLATES, newVariant } from './templates';

/**
 * The campaign editor's form model and its conversions: every field a form control, never JSON. Numbers are kept as
 * typed text until saving, so a half-typed value is not lost; `toBody` builds what the API takes and `check` runs the
 * same zod schema (and publish rules) as the server, giving messages keyed by the same field paths.
 */
export interface CustomChannel {
  id: string;
  name: string;
}
export interface RulesForm {
  qualifyingAction: RewardRules['qualifyingAction'];
  milestone: string;
  repeatMilestone: boolean;
  inviterValue: string;
  inviterDays: string;
  friendValue: string;
  friendDays: string;
  attributionWindowDays: string;
  maxVouchers: string;
  maxValue: string;
}
export interface VariantForm {
  id: string;
  name: string;
  weight: string;
  blocks: Block[];
}
export interface Form {
  name: string;
  type: Campaign['type'];
  startDate: string;
  endDate: string;
  channels: string[];
  custom: CustomChannel[];
  rules: RulesForm;
  variants: VariantForm[];
}

export type Errors = Record<string, string>;

const day = (iso: string) => isoDateOf(inShanghai(iso));

/** A Shanghai calendar date → the UTC instant it starts (+ days); null when what was typed is not a date. */
export function startOf(date: string, plusDays = 0): string | null {
  const d = addDays(shanghaiWallClock(date), plusDays);
  return isIsoDateTime(date) && isValid(d) ? utcIso(d) : null;
}

export function rulesForm(r: RewardRules = DEFAULT_REWARD_RULES): RulesForm {
  return {
    qualifyingAction: r.qualifyingAction,
    milestone: String(r.milestone),
    repeatMilestone: r.repeatMilestone,
    inviterValue: String(r.inviterReward.value),
    inviterDays: String(r.inviterReward.validDays),
    friendValue: String(r.friendReward.value),
    friendDays: String(r.friendReward.validDays),
    attributionWindowDays: String(r.attributionWindowDays),
    maxVouchers: r.budget.maxVouchers === undefined ? '' : String(r.budget.maxVouchers),
    maxValue: r.budget.maxValue === undefined ? '' : String(r.budget.maxValue),
  };
}

/** A typed number; NaN (refused by the schema, naming the field) for anything else. */
const num = (s: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : Number.NaN);
const optionalNum = (s: string) => (s.trim() === '' ? undefined : num(s));

export function rulesOf(f: RulesForm): RewardRules {
  return {
    qualifyingAction: f.qualifyingAction,
    milestone: num(f.milestone),
    repeatMilestone: f.repeatMilestone,
    inviterReward: { value: num(f.inviterValue), validDays: num(f.inviterDays) },
    friendReward: { value: num(f.friendValue), validDays: num(f.friendDays) },
    attributionWindowDays: num(f.attributionWindowDays),
    budget: { maxVouchers: optionalNum(f.maxVouchers), maxValue: optionalNum(f.maxValue) },
  };
}

export function toForm(c?: Campaign): Form {
  const today = inShanghai(new Date());
  const variants: Variant[] = c?.variants.length ? c.variants : [newVariant(0)];
  const custom = (c?.channels ?? []).filter(isCustomChannel).map((id) => ({ id, name: c?.channelLabels?.[id] ?? id }));
  return {
    name: c?.name ?? '',
    type: c?.type ?? 'invite',
    startDate: c ? day(c.startsAt) : isoDateOf(today),
    endDate: isoDateOf(c ? addDays(inShanghai(c.endsAt), -1) : addDays(today, 30)),
    channels: c ? c.channels.filter((id) => !isCustomChannel(id)) : ['wechat', 'poster'],
    custom,
    rules: rulesForm(c?.rules),
    variants: variants.map((v) => ({ id: v.id, name: v.name, weight: String(v.weight), blocks: structuredClone(v.blocks) })),
  };
}

export function toBody(f: Form): CampaignInput {
  const custom = f.custom.filter((c) => c.name.trim() || c.id);
  return {
    name: f.name.trim(),
    type: f.type,
    startsAt: startOf(f.startDate) ?? f.startDate,
    endsAt: startOf(f.endDate, 1) ?? f.endDate,
    channels: [...KNOWN_CHANNELS.map((c) => c.id).filter((id) => f.channels.includes(id)), ...f.channels.filter((id) => !KNOWN_CHANNELS.some((k) => k.id === id) && !isCustomChannel(id)), ...custom.map((c) => c.id)],
    channelLabels: custom.length ? Object.fromEntries(custom.map((c) => [c.id, c.name.trim()])) : undefined,
    rules: f.type === 'invite' ? rulesOf(f.rules) : undefined,
    variants: f.variants.map((v) => ({ id: v.id, name: v.name.trim(), weight: num(v.weight), blocks: v.blocks })),
  };
}

/** The schema's and the publish rules' messages for the form, keyed by field path (`variants.0.blocks.1.text`). */
export function check(f: Form, forPublish: boolean, now = new Date()): Errors {
  const body = toBody(f);
  const errors: Errors = {};
  const parsed = CampaignInputSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.') || 'form';
      errors[path] ??= messageOf(issue.message);
    }
  }
  if (forPublish && parsed.success) {
    for (const p of publishProblems({ ...parsed.data, status: 'draft' }, now)) errors[p.field] ??= p.message;
  }
  if (!f.name.trim()) errors.name = '不能为空';
  if (!startOf(f.startDate)) errors.startsAt = '请按 年-月-日 填写，例如 2026-12-01';
  if (!startOf(f.endDate)) errors.endsAt = '请按 年-月-日 填写，例如 2026-12-31';
  return errors;
}

/** The server's and the schema's English messages, said in Chinese where we know them; otherwise as they are. */
export function messageOf(m: string): string {
  const known: [RegExp, string][] = [
    [/expected number, received NaN|Invalid input: expected number/, '请填写数字'],
    [/expected int|whole number/, '请填写整数'],
    [/Too small: expected string to have >=1/, '不能为空'],
    [/Too big: expected string to have <=(\d+)/, '太长了，最多 $1 个字'],
    [/Too small: expected number to be >=(\d+)/, '不能小于 $1'],
    [/Too big: expected number to be <=(\d+)/, '不能大于 $1'],
    [/must be after startsAt/, '要晚于开始日期'],
    [/must be an https URL/, '图片地址必须以 https:// 开头'],
    [/in the past/, '已经过去'],
    [/at most (\d+) variants/, '最多 $1 个版本'],
    [/a gathering button names its gathering/, '请选择按钮要打开的活动'],
    [/not a gathering id/, '请从列表中选择活动'],
  ];
  for (const [re, zh] of known) if (re.test(m)) return m.replace(new RegExp(`.*${re.source}.*`), zh);
  return m;
}

/** Errors from an API refusal: the answer's field, plus every publish problem it lists. */
export function errorsFromApi(field: string | undefined, message: string, problems?: PublishProblem[]): Errors {
  const errors: Errors = {};
  for (const p of problems ?? []) errors[p.field] ??= p.message;
  if (field) errors[field] ??= messageOf(message.replace(`${field}: `, ''));
  return errors;
}

export function duplicateVariant(f: Form, i: number): VariantForm | null {
  if (f.variants.length >= 3) return null;
  const used = new Set(f.variants.map((v) => v.id));
  const id = ['A', 'B', 'C', 'D'].find((x) => !used.has(x))!;
  const src = f.variants[i];
  return { id, name: `${src.name}（副本）`.slice(0, 30), weight: src.weight, blocks: structuredClone(src.blocks) };
}

export const newBlock = (kind: BlockKind): Block => structuredClone(BLOCK_TEMPLATES[kind]);
export { BLOCK_KINDS };

export function move<T>(xs: T[], from: number, to: number): T[] {
  if (to < 0 || to >= xs.length) return xs;
  const out = [...xs];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

/** The next free custom channel id. */
export function nextCustomId(f: Form): string {
  const taken = new Set(f.custom.map((c) => c.id));
  for (let n = 1; ; n++) if (!taken.has(`custom_${n}`)) return `custom_${n}`;
}
