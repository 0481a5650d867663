import { Button as NativeButton, Image, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { canRetry, friendlyMessage } from '../../api/client';
import { useOffersPaused } from '../../api/offers';
import { getSession, requireLogin } from '../../api/session';
import { alt, Button, Card, Empty, ErrorState, labelled, Loading, Notice, Page, ProgressBar } from '../../components';
import { askForVoucherNotice, preloadVoucherNotice } from '../voucher/api';
import { h5InviteLink, loadPoster, referralApi, withVia, type MyInvite } from './api';
import { RulesList } from './Rules';
import { REFERRAL_STRINGS as S } from './strings';
import './referral.scss';

/** Progress toward the next inviter voucher, e.g. 2 / 3 (with a repeating milestone, within the current round). */
function progressValue(invite: MyInvite): number {
  const { qualified, needed } = invite.progress;
  if (invite.rules?.repeatMilestone) return qualified % needed;
  return Math.min(qualified, needed);
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      await navigator.clipboard.writeText(text);
    } else {
      await Taro.setClipboardData({ data: text });
    }
    return true;
  } catch {
    return false;
  }
}

export default function ReferralPage() {
  const [invite, setInvite] = useState<MyInvite | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);
  const paused = useOffersPaused();
  const [link, setLink] = useState<{ url: string; copied: boolean } | null>(null);
  const [poster, setPoster] = useState<{ src?: string; error?: string; loading: boolean } | null>(null);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setInvite(await referralApi.myInvite());
      preloadVoucherNotice();
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useDidShow(() => {
    load();
  });

  // weapp: the share card carries the code in its path; the friend's own action earns the reward, not this share.
  // WeChat calls this when the share card is chosen (there is no "sent" callback since base library 2.3.0): count it.
  useShareAppMessage(() => {
    if (invite) void referralApi.share('card');
    return {
      title: S.shareCardTitle(getSession()?.user.name ?? '你的朋友'),
      path: invite ? withVia(invite.sharePath, 'card') : '/pages/index/index',
    };
  });

  const copyLink = async () => {
    if (!invite) return;
    // weapp: may WeChat tell them when a friend's self-test earns them a voucher? (one grant = one message)
    askForVoucherNotice();
    const path = withVia(invite.sharePath, 'link');
    const url = process.env.TARO_ENV === 'h5' ? h5InviteLink(path) : path;
    const copied = await copyText(url);
    setLink({ url, copied });
    void referralApi.share('link');
    if (copied) Taro.showToast({ title: S.copied, icon: 'success' });
  };

  const showPoster = async () => {
    setPoster({ loading: true });
    try {
      setPoster({ loading: false, src: await loadPoster() });
      void referralApi.share('poster');
    } catch {
      setPoster({ loading: false, error: S.posterFailed });
    }
  };

  if (error) {
    return (
      <Page title={S.title} back>
        <ErrorState message={error} onRetry={retry ? load : undefined} />
      </Page>
    );
  }
  if (paused) {
    // After a crisis result: no invitation, no rewards, nothing to share — just a kind word and the way home.
    return (
      <Page title={S.navTitle} back>
        <Notice tone='info'>{S.paused}</Notice>
      </Page>
    );
  }
  if (!invite) {
    return (
      <Page title={S.title} back>
        <Loading />
      </Page>
    );
  }
  if (!invite.rules) {
    return (
      <Page title={S.title} back>
        <Empty title={S.noCampaign} description={S.noCampaignHint} />
      </Page>
    );
  }

  const { progress } = invite;
  return (
    <Page title={S.navTitle} subtitle={invite.campaignName ?? S.subtitle} back className='referral'>
      {/* WeChat's rules: the full rules come before any share button. */}
      <Card title={S.rulesTitle} className='referral__rules-card'>
        <RulesList lines={invite.rulesText} />
      </Card>

      <Card title={S.progressTitle} tone='soft' className='referral__progress'>
        <ProgressBar value={progressValue(invite)} max={progress.needed} label={S.progress(progressValue(invite), progress.needed)} />
        <View className='referral__stats'>
          <Text className='referral__stat'>{S.accepted(progress.accepted)}</Text>
          {progress.remaining > 0 && <Text className='referral__stat'>{S.remaining(progress.remaining)}</Text>}
          {progress.vouchersGranted > 0 && <Text className='referral__stat referral__stat--good'>{S.earned(progress.vouchersGranted)}</Text>}
        </View>
        {progress.notGranted?.map((n) => (
          <Notice key={n.milestoneIndex} tone='warning'>
            {S.notGranted(n.milestoneIndex)}
          </Notice>
        ))}
        <View className='referral__wallet-link'>
          <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/voucher/index' })}>
            {S.walletLink}
          </Button>
        </View>
      </Card>

      <Card title={S.shareTitle} description={S.shareHint} className='referral__share'>
        <Text className='referral__code'>{S.code(invite.code)}</Text>
        <View className='referral__actions'>
          {process.env.TARO_ENV === 'weapp' && (
            <NativeButton className='rp-button rp-button--primary rp-button--block referral__native-share' openType='share' onClick={() => askForVoucherNotice()}>
              {S.shareWeapp}
            </NativeButton>
          )}
          <Button variant={process.env.TARO_ENV === 'weapp' ? 'secondary' : 'primary'} onClick={copyLink} className='referral__copy'>
            {S.copyLink}
          </Button>
          {link && (
            <View className='referral__link'>
              {!link.copied && <Text className='referral__link-hint'>{S.copyFallback}</Text>}
              <Input className='referral__link-input' {...labelled(S.linkLabel)} value={link.url} onFocus={(e) => (e.target as unknown as HTMLInputElement)?.select?.()} />
            </View>
          )}
          <Button variant='secondary' onClick={showPoster} busy={poster?.loading} className='referral__poster-button'>
            {S.poster}
          </Button>
        </View>
        {poster && !poster.loading && (
          <View className='referral__poster'>
            {poster.src ? (
              <>
                <Text className='referral__poster-title'>{S.posterTitle}</Text>
                <Image className='referral__poster-image' src={poster.src} mode='aspectFit' showMenuByLongpress {...alt(S.posterTitle)} />
                <Text className='referral__poster-hint'>{S.posterHint}</Text>
              </>
            ) : (
              <Notice tone='warning'>{poster.error}</Notice>
            )}
          </View>
        )}
      </Card>

      <Notice tone='privacy'>{S.privacy}</Notice>
    </Page>
  );
}
