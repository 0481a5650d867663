import { Input, Text, View } from '@tarojs/components';
import { labelled } from '../../components';
import { KNOWN_CHANNELS } from '../../../../shared/campaign/channels';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { nextCustomId, type Form } from './editor-form';
import { Check, Field, MiniButton } from './FormControls';

/** Channels as checkboxes with their Chinese names, plus custom ones the marketer names (id `custom_<n>`). */
export function ChannelPicker({ form, errors, onChange }: { form: Form; errors: Record<string, string>; onChange: (patch: Partial<Form>) => void }) {
  const toggle = (id: string, on: boolean) => onChange({ channels: on ? [...form.channels, id] : form.channels.filter((c) => c !== id) });
  const extra = form.channels.filter((id) => !KNOWN_CHANNELS.some((k) => k.id === id));
  return (
    <Field label={S.channels} path='channels' errors={errors} hint={S.channelsHint}>
      <View className='cform__checks'>
        {KNOWN_CHANNELS.map((c) => (
          <Check key={c.id} label={c.name} testId={c.id} checked={form.channels.includes(c.id)} onChange={(on) => toggle(c.id, on)} />
        ))}
        {extra.map((id) => (
          <Check key={id} label={id} testId={id} checked onChange={(on) => toggle(id, on)} />
        ))}
      </View>
      {form.custom.map((c, i) => (
        <View key={c.id} className='cform__custom' data-field={`channelLabels.${c.id}`}>
          <Input
            className='cform__input'
            value={c.name}
            maxlength={12}
            placeholder={S.customPlaceholder}
            {...labelled(S.customChannel)}
            onInput={(e) => onChange({ custom: form.custom.map((x, j) => (j === i ? { ...x, name: e.detail.value } : x)) })}
          />
          <MiniButton label={S.removeCustom} name={`${S.removeCustom} ${c.name}`} danger onClick={() => onChange({ custom: form.custom.filter((_, j) => j !== i) })} />
          {errors[`channelLabels.${c.id}`] && <Text className='cform__error'>{errors[`channelLabels.${c.id}`]}</Text>}
        </View>
      ))}
      {form.custom.length + form.channels.length < 12 && <MiniButton label={`＋ ${S.addCustom}`} name={S.addCustom} onClick={() => onChange({ custom: [...form.custom, { id: nextCustomId(form), name: '' }] })} />}
    </Field>
  );
}
