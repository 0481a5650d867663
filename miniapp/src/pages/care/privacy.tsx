import { Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { PURPOSES, type Consents, type Purpose } from '../../../../shared/care/consent';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Card, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { askForNotice, careApi } from './api';
import { CARE_STRINGS as S, formatDate } from './strings';
import './care.scss';

/** 我的 → 隐私与授权: one switch per purpose, each with the date it was given or withdrawn. */
export default function PrivacyPage() {
  const [consents, setConsents] = useState<Consents | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState<Purpose | null>(null);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const res = await careApi.consents();
      setConsents(res.consents);
      setTemplateId(res.templateId);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const toggle = async (p: Purpose, granted: boolean) => {
    setSaving(p);
    try {
      const res = await careApi.setConsents({ [p]: granted });
      setConsents(res.consents);
      // Marketing messages are WeChat subscription messages: each one needs its own "allow".
      if (p === 'marketing' && granted) await askForNotice(templateId);
      Taro.showToast({ title: S.saved, icon: 'success' });
    } catch {
      Taro.showToast({ title: S.saveFailed, icon: 'none' });
    } finally {
      setSaving(null);
    }
  };

  return (
    <Page title={S.privacyTitle} subtitle={S.privacySubtitle} back>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !consents ? (
        <Loading />
      ) : (
        <>
          {PURPOSES.map((p) => {
            const c = consents[p];
            const date = c.at ? (c.granted ? S.givenOn(formatDate(c.at)) : S.withdrawnOn(formatDate(c.at))) : S.byDefault;
            return (
              <Card key={p}>
                <View className='care__row'>
                  <Text className='care__label' id={`consent-${p}`}>{S.purposes[p].label}</Text>
                  <Switch
                    checked={c.granted}
                    disabled={saving !== null}
                    color='#1d6b73'
                    {...labelled(S.purposes[p].label)}
                    onChange={(e) => toggle(p, e.detail.value)}
                  />
                </View>
                <Text className='care__hint'>{S.purposes[p].hint}</Text>
                <Text className='care__date'>{date}</Text>
              </Card>
            );
          })}
          <Notice tone='privacy'>{S.privacyNote}</Notice>
        </>
      )}
    </Page>
  );
}
