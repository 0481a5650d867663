import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { Button, Card, labelled } from '../../components';
import { bookingApi } from '../booking/api';
import { COUNSELOR_STRINGS as S } from './strings';

/** How the counselor's consults happen: online (their meeting link) or in person (an address). Clients see it on the confirmation, in the calendar file and in the reminder. */
export function ConsultModeCard() {
  const [mode, setMode] = useState<'online' | 'in_person'>('in_person');
  const [link, setLink] = useState('');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    bookingApi
      .consultMode()
      .then(({ consult }) => {
        if (!consult) return;
        setMode(consult.mode);
        if (consult.mode === 'online') setLink(consult.link ?? '');
        else setAddress(consult.address);
      })
      .catch(() => undefined);
  }, []);

  const save = async () => {
    setBusy(true);
    setMessage('');
    try {
      await bookingApi.setConsultMode(mode === 'online' ? { mode, link: link.trim() } : { mode, address: address.trim() });
      setMessage(S.modeSaved);
    } catch (err) {
      setMessage(err instanceof ApiError && err.field === 'link' ? S.linkInvalid : err instanceof ApiError && err.field === 'address' ? S.addressInvalid : friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={S.modeTitle} description={S.modeHint}>
      <View className='chours__modes' ariaRole='radiogroup' ariaLabel={S.modeTitle}>
        {(['in_person', 'online'] as const).map((m) => (
          <Button key={m} variant='secondary' block={false} selected={mode === m} onClick={() => setMode(m)}>
            {m === 'online' ? S.modeOnline : S.modeInPerson}
          </Button>
        ))}
      </View>
      {mode === 'online' ? (
        <Input className='chours__text-input' value={link} maxlength={300} placeholder={S.linkPlaceholder} {...labelled(S.modeOnline)} onInput={(e) => setLink(e.detail.value)} />
      ) : (
        <Input className='chours__text-input' value={address} maxlength={120} placeholder={S.addressPlaceholder} {...labelled(S.modeInPerson)} onInput={(e) => setAddress(e.detail.value)} />
      )}
      {message && <Text className='chours__saved'>{message}</Text>}
      <Button variant='secondary' busy={busy} onClick={save}>
        {S.modeSave}
      </Button>
    </Card>
  );
}
