import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { type Gathering, upcomingPublishedGatherings } from '../gathering/api';
import { gatheringWhen } from '../gathering/format';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { Choice, Field, MiniButton } from './FormControls';

/**
 * Which gathering a "报名活动" button opens: picked from the published gatherings that have not ended, never typed
 * as an id. A button already pointing at one that is no longer offered keeps it and says so.
 */
export function GatheringField({ value, path, errors, onChange }: { value?: string; path: string; errors: Record<string, string>; onChange: (id: string) => void }) {
  const [items, setItems] = useState<Gathering[] | null>(null);
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    setItems(null);
    upcomingPublishedGatherings().then(setItems, () => setFailed(true));
  };
  useEffect(load, []);

  if (failed || !items?.length) {
    const hint = failed ? S.field.gatheringsFailed : items ? S.field.noGatherings : S.field.gatheringsLoading;
    return (
      <Field label={S.field.gathering} path={path} errors={errors}>
        <Text className='cform__hint'>{hint}</Text>
        {failed && <MiniButton label={S.field.retry} name={S.field.retry} onClick={load} />}
      </Field>
    );
  }
  const options = items.map((g) => ({ value: g.id, label: S.field.gatheringOption(g.title, gatheringWhen(g)) }));
  return (
    <View>
      <Choice errors={errors} label={S.field.gathering} path={path} value={value ?? ''} options={options} onChange={onChange} />
      {value && !items.some((g) => g.id === value) && <Text className='cform__hint'>{S.field.gatheringGone}</Text>}
    </View>
  );
}
