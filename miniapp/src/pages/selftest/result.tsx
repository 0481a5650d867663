import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { BAND_TEXT, INSTRUMENTS, NOT_A_DIAGNOSIS } from '../../../../shared/selftest/instruments';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, CrisisHelp, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { isEntryOpen } from '../index/entries';
import { voucherApi, type WalletItem } from '../voucher/api';
import { selftestApi } from './api';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

type Recommendation = SelftestResult['recommendations'][number];

function openRecommendation(r: Recommendation) {
  if (r.target.startsWith('tel:')) Taro.makePhoneCall({ phoneNumber: r.target.slice(4) });
  else Taro.navigateTo({ url: r.target });
}

/** Back to the history when we came from it, so the stack does not grow history → result → history. */
function showHistory() {
  const pages = Taro.getCurrentPages();
  const previous = pages[pages.length - 2] as { route?: string; path?: string } | undefined;
  if ((previous?.route ?? previous?.path ?? '').includes('pages/selftest/history')) Taro.navigateBack();
  else Taro.redirectTo({ url: '/pages/selftest/history' });
}

/** The invited friend's welcome voucher issued with this result (at most a minute after it was saved). */
function earnedBy(items: WalletItem[], resultAt: string): WalletItem | null {
  const from = Date.parse(resultAt);
  return items.find((v) => v.reason === 'invited_friend' && v.status === 'issued' && Date.parse(v.createdAt) >= from && Date.parse(v.createdAt) - from < 60_000) ?? null;
}

export default function ResultPage() {
  const { params } = useRouter();
  const [result, setResult] = useState<SelftestResult | null>(null);
  const [error, setError] = useState('');
  const [reward, setReward] = useState<WalletItem | null>(null);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const r = await selftestApi.myResult(params.id ?? '');
      setResult(r);
      // Just taken: did it earn the welcome voucher of an invite the client accepted? (Issued while the result
      // was saved, so it is in the wallet now.) Never beside a crisis result: no offers then.
      if (params.fresh === '1' && !r.crisis) {
        voucherApi
          .wallet()
          .then((w) => setReward(earnedBy(w.items, r.createdAt)))
          .catch(() => undefined);
      }
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useLoad(() => {
    load();
  });

  if (error) {
    return (
      <Page title={S.resultTitle} back>
        <ErrorState message={error} onRetry={load} />
      </Page>
    );
  }
  if (!result) {
    return (
      <Page title={S.resultTitle}>
        <Loading />
      </Page>
    );
  }

  const instrument = INSTRUMENTS[result.instrument];
  const band = BAND_TEXT[result.band];
  // Crisis without a severe band means PHQ-9 item 9 was answered above 0: that matters more than the total.
  const item9Crisis = result.crisis && result.band !== 'severe';
  // The crisis lines are in the card at the top; the list keeps only the calm next steps (never a sales prompt,
  // which the API already leaves out of crisis results).
  const nextSteps = result.recommendations.filter((r) => r.kind !== 'crisis' && !(result.crisis && r.kind === 'consult'));

  return (
    <Page className={`result ${result.crisis ? 'result--crisis' : ''}`}>
      {result.crisis && <CrisisHelp />}

      <Card className='result__score-card'>
        <Text className='result__instrument'>
          {instrument.title} · {instrument.name}
        </Text>
        <View className='result__score-row'>
          <View className='result__score'>
            <Text className='result__score-label'>{S.yourScore}</Text>
            <View>
              <Text className='result__score-value'>{result.score}</Text>
              <Text className='result__score-max'> / {instrument.items.length * 3}</Text>
            </View>
          </View>
          <View className={`result__band result__band--${result.band}`}>
            <Text className='result__band-label'>{band.label}</Text>
          </View>
        </View>
        <Text className='result__meaning'>{item9Crisis ? S.crisisReasonItem9 : band.meaning}</Text>
        <Text className='result__date'>{formatDateTime(result.createdAt)}</Text>
      </Card>

      <Notice tone='warning'>{NOT_A_DIAGNOSIS}</Notice>

      {reward && !result.crisis && (
        <Card className='result__reward' tone='soft' title={S.rewardTitle(reward.value)} description={S.rewardHint(formatDateTime(reward.expiresAt))}>
          <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/voucher/index' })}>
            {S.rewardLink}
          </Button>
        </Card>
      )}

      {nextSteps.length > 0 && <Text className='result__section'>{S.nextSteps}</Text>}
      {nextSteps.map((r) => {
        const open = isEntryOpen(r.target);
        return (
          <Card
            key={r.target + r.title}
            className={`result__rec result__rec--${r.kind}`}
            title={r.title}
            description={r.description}
            badge={open ? undefined : S.comingSoon}
            onClick={open ? () => openRecommendation(r) : undefined}
          />
        );
      })}

      <View className='result__actions'>
        <Button variant='secondary' onClick={showHistory}>
          {S.viewHistory}
        </Button>
        <Button variant='quiet' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          {S.backHome}
        </Button>
      </View>
    </Page>
  );
}
