import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { BAND_TEXT, INSTRUMENTS, NOT_A_DIAGNOSIS } from '../../../../shared/selftest/instruments';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { friendlyMessage } from '../../api/client';
import { getSession, loginUrl, requireLogin } from '../../api/session';
import { Button, Card, CrisisHelp, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { isEntryOpen } from '../index/entries';
import { voucherApi, type WalletItem } from '../voucher/api';
import { selftestApi } from './api';
import { currentDraft, forgetDraft, type DraftResult } from './draft';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

type Recommendation = SelftestResult['recommendations'][number];

/** Where this result page comes back to after sign-in, saving the unsaved result on arrival. */
const SAVE_AFTER_LOGIN = '/pages/selftest/result?draft=1&save=1';

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

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'gone' }
  | { kind: 'draft'; result: DraftResult; saving: boolean; saveError: string }
  | { kind: 'saved'; result: SelftestResult };

/**
 * A result: either the one just taken, scored on the device and not stored anywhere (`?draft=1`), with the offer
 * to sign in and save it; or a saved one of the signed-in client (`?id=`).
 */
/** The invited friend's welcome voucher issued with this result (at most a minute after it was saved). */
function earnedBy(items: WalletItem[], resultAt: string): WalletItem | null {
  const from = Date.parse(resultAt);
  return items.find((v) => v.reason === 'invited_friend' && v.status === 'issued' && Date.parse(v.createdAt) >= from && Date.parse(v.createdAt) - from < 60_000) ?? null;
}

export default function ResultPage() {
  const { params } = useRouter();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [reward, setReward] = useState<WalletItem | null>(null);

  const loadSaved = async () => {
    if (!requireLogin()) return;
    setState({ kind: 'loading' });
    try {
      const r = await selftestApi.myResult(params.id ?? '');
      setState({ kind: 'saved', result: r });
      // Just saved: did it earn the welcome voucher of an invite the client accepted? (Issued while the result
      // was saved, so it is in the wallet now.) Never beside a crisis result: no offers then.
      if (params.fresh === '1' && !r.crisis) {
        voucherApi
          .wallet()
          .then((w) => setReward(earnedBy(w.items, r.createdAt)))
          .catch(() => undefined);
      }
    } catch (err) {
      setState({ kind: 'error', message: friendlyMessage(err) });
    }
  };

  /** The person chose to save: only now do the answers leave the device (and count as a completed self-test). */
  const save = async (draft: DraftResult) => {
    if (!getSession()) {
      Taro.redirectTo({ url: loginUrl(SAVE_AFTER_LOGIN) });
      return;
    }
    setState({ kind: 'draft', result: draft, saving: true, saveError: '' });
    try {
      const saved = await selftestApi.submit(draft.instrument, draft.answers);
      forgetDraft();
      Taro.showToast({ title: S.savedToast, icon: 'none' });
      // `fresh`: just saved, so the page also says whether it earned an invited friend's welcome voucher.
      Taro.redirectTo({ url: `/pages/selftest/result?id=${encodeURIComponent(saved.id)}&fresh=1` });
    } catch (err) {
      setState({ kind: 'draft', result: draft, saving: false, saveError: `${S.saveFailed}（${friendlyMessage(err)}）` });
    }
  };

  useLoad(() => {
    if (params.draft !== '1') return void loadSaved();
    const draft = currentDraft();
    if (!draft) return setState({ kind: 'gone' });
    setState({ kind: 'draft', result: draft, saving: false, saveError: '' });
    // Back from the sign-in the person asked for to save this result.
    if (params.save === '1' && getSession()) void save(draft);
  });

  if (state.kind === 'error') {
    return (
      <Page title={S.resultTitle} back>
        <ErrorState message={state.message} onRetry={loadSaved} />
      </Page>
    );
  }
  if (state.kind === 'gone') {
    return (
      <Page title={S.resultTitle} back>
        <Empty
          title={S.draftGoneTitle}
          description={S.draftGone}
          action={<Button onClick={() => Taro.redirectTo({ url: '/pages/selftest/index' })}>{S.startSelftest}</Button>}
        />
      </Page>
    );
  }
  if (state.kind === 'loading') {
    return (
      <Page title={S.resultTitle}>
        <Loading />
      </Page>
    );
  }

  const { result } = state;
  const instrument = INSTRUMENTS[result.instrument];
  const band = BAND_TEXT[result.band];
  // Crisis without a severe band means PHQ-9 item 9 was answered above 0: that matters more than the total.
  const item9Crisis = result.crisis && result.band !== 'severe';
  // The crisis lines are in the card at the top; the list keeps only the calm next steps (never a sales prompt:
  // the shared recommendations already leave it out of crisis results).
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

      {state.kind === 'draft' ? (
        <Card className='result__save' title={S.saveTitle}>
          <Text className='result__save-text'>{getSession() ? S.draftNotStored : S.draftNotStoredSignIn}</Text>
          {state.saveError && <Text className='result__save-error'>{state.saveError}</Text>}
          <Button busy={state.saving} onClick={() => save(result as DraftResult)}>
            {state.saving ? S.saving : getSession() ? S.save : S.signInAndSave}
          </Button>
        </Card>
      ) : (
        <Notice tone='privacy'>{S.savedNote}</Notice>
      )}

      <View className='result__actions'>
        {state.kind === 'saved' && (
          <Button variant='secondary' onClick={showHistory}>
            {S.viewHistory}
          </Button>
        )}
        <Button variant='quiet' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
          {S.backHome}
        </Button>
      </View>
    </Page>
  );
}
