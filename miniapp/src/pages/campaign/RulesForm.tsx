import { Text, View } from '@tarojs/components';
import type { Variant } from '../../../../shared/campaign/blocks';
import { QUALIFYING_ACTIONS } from '../../../../shared/referral/rules';
import { wechatRulesCheck } from '../../../../shared/referral/wechat-check';
import { Card } from '../../components';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { rulesOf, type RulesForm as Rules } from './editor-form';
import { Check, Choice, TextField } from './FormControls';

/** Invite reward rules as a form, with the WeChat sharing-rules check's messages right beside it. */
export function RulesForm({ rules, variants, errors, onChange }: { rules: Rules; variants: Variant[]; errors: Record<string, string>; onChange: (r: Rules) => void }) {
  const set = (patch: Partial<Rules>) => onChange({ ...rules, ...patch });
  const common = { errors };
  const messages = wechatRulesCheck(rulesOf(rules), variants);
  return (
    <Card title={S.rules} description={S.rulesHint} className='cform__rules'>
      <Choice {...common} label={S.qualifyingAction} path='rules.qualifyingAction' value={rules.qualifyingAction} options={QUALIFYING_ACTIONS.map((a) => ({ value: a, label: S.actions[a] }))} onChange={(qualifyingAction) => set({ qualifyingAction })} />
      <View className='cform__grid'>
        <TextField {...common} number label={S.milestone} path='rules.milestone' value={rules.milestone} onChange={(milestone) => set({ milestone })} />
        <TextField {...common} number label={S.window} path='rules.attributionWindowDays' value={rules.attributionWindowDays} onChange={(attributionWindowDays) => set({ attributionWindowDays })} />
      </View>
      <Check label={S.repeat} checked={rules.repeatMilestone} onChange={(repeatMilestone) => set({ repeatMilestone })} />
      <View className='cform__grid'>
        <View className='cform__sub'>
          <Text className='cform__subtitle'>{S.inviterReward}</Text>
          <TextField {...common} number label={S.value} path='rules.inviterReward.value' value={rules.inviterValue} onChange={(inviterValue) => set({ inviterValue })} />
          <TextField {...common} number label={S.validDays} path='rules.inviterReward.validDays' value={rules.inviterDays} onChange={(inviterDays) => set({ inviterDays })} />
        </View>
        <View className='cform__sub'>
          <Text className='cform__subtitle'>{S.friendReward}</Text>
          <TextField {...common} number label={S.value} path='rules.friendReward.value' value={rules.friendValue} onChange={(friendValue) => set({ friendValue })} />
          <TextField {...common} number label={S.validDays} path='rules.friendReward.validDays' value={rules.friendDays} onChange={(friendDays) => set({ friendDays })} />
        </View>
      </View>
      <Text className='cform__subtitle'>{S.budget}</Text>
      <View className='cform__grid'>
        <TextField {...common} number label={S.maxVouchers} path='rules.budget.maxVouchers' value={rules.maxVouchers} onChange={(maxVouchers) => set({ maxVouchers })} />
        <TextField {...common} number label={S.maxValue} path='rules.budget.maxValue' value={rules.maxValue} onChange={(maxValue) => set({ maxValue })} />
      </View>
      <View className='cform__check-list' ariaRole='status'>
        <Text className='cform__subtitle'>{S.checkTitle}</Text>
        {messages.map((m, i) => (
          <View key={i} className={`cform__rule-msg cform__rule-msg--${m.level}`} data-rule-level={m.level}>
            <Text className='cform__rule-level'>{S.checkLevel[m.level]}</Text>
            <Text>{m.message}</Text>
          </View>
        ))}
      </View>
    </Card>
  );
}
