import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { getSession, loginUrl } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { visitorId } from '../../api/visitor';
import { newEventId } from '../campaign-landing/attribution';
import { sendEvent } from '../campaign-landing/api';
import { codeFromParams, referralApi, viaFromParams, type InviteLanding, type LandingBlock } from './api';
import { RulesList } from './Rules';
import { REFERRAL_STRINGS as S } from './strings';
import './referral.scss';

type AcceptState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'accepted'; inviterName: string } | { kind: 'refused'; message: string };

/** The campaign's landing text blocks (title, paragraphs); other kinds are shown by their own pages. */
function Blocks({ blocks }: { blocks: LandingBlock[] }) {
  return (
    <View className='referral__blocks'>
      {blocks.map((b, i) => {
        if (b.kind === 'title' && b.text) {
          return (
            <View key={i} className='referral__block-title'>
              <Text className='referral__block-heading'>{b.text}</Text>
              {b.subtitle && <Text className='referral__block-subtitle'>{b.subtitle}</Text>}
            </View>
          );
        }
        if (b.kind === 'richText' && b.paragraphs) {
          return (
            <View key={i}>
              {b.paragraphs.map((p, j) => (
                <Text key={j} className={`referral__paragraph referral__paragraph--${p.style ?? 'normal'}`}>
                  {p.text}
                </Text>
              ))}
            </View>
          );
        }
        return null;
      })}
    </View>
  );
}

export default function InviteLandingPage() {
  const router = useRouter();
  const code = codeFromParams(router.params as Record<string, string | undefined>);
  const via = viaFromParams(router.params as Record<string, string | undefined>);
  const [landing, setLanding] = useState<InviteLanding | null>(null);
  const [error, setError] = useState('');
  const [accept, setAccept] = useState<AcceptState>({ kind: 'idle' });
  const signedIn = Boolean(getSession());

  const doAccept = async () => {
    if (!code) return;
    setAccept({ kind: 'busy' });
    try {
      const res = await referralApi.accept(code, via);
      setAccept({ kind: 'accepted', inviterName: res.inviterName });
    } catch (err) {
      setAccept({ kind: 'refused', message: err instanceof ApiError && err.status === 409 ? err.message : friendlyMessage(err) });
    }
  };

  const load = async () => {
    if (!code) return;
    setError('');
    try {
      const info = await referralApi.landing(code);
      setLanding(info);
      // A friend who already accepted sees that, not 接受邀请 again.
      if (info.viewer?.accepted) setAccept({ kind: 'accepted', inviterName: info.inviterName });
      // The first open starts the attribution window, signed in or not; a failure here must not block the page.
      referralApi.open(code).catch(() => undefined);
      // The dashboard's "invite opened": unique visitors per campaign, by share kind (counted once per visitor).
      if (info.campaign?.variantId) {
        void sendEvent({ eventId: newEventId(), type: 'share_opened', campaignId: info.campaign.id, channel: 'invite', variant: info.campaign.variantId, visitorId: info.visitorId, ...(via ? { via } : {}) });
      }
      // Back from "登录并接受邀请": finish what the friend asked for.
      if (router.params.accept === '1' && getSession() && !info.viewer?.accepted && !info.viewer?.own) await doAccept();
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code]);

  const signInAndAccept = () => {
    Taro.navigateTo({ url: loginUrl(`/pages/referral/landing?code=${code}&accept=1${via ? `&via=${via}` : ''}`) });
  };

  if (!code) {
    return (
      <Page title={S.landingNav}>
        <Empty
          title={S.badLink}
          description={S.badLinkHint}
          action={<Button onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>{S.goHome}</Button>}
        />
      </Page>
    );
  }
  if (error) {
    return (
      <Page title={S.landingNav}>
        <ErrorState message={error} onRetry={load} />
      </Page>
    );
  }
  if (!landing) {
    return (
      <Page title={S.landingNav}>
        <Loading />
      </Page>
    );
  }

  const next = (
    <View className='referral__next'>
      <Button onClick={() => Taro.redirectTo({ url: '/pages/selftest/index' })}>{S.startSelftest}</Button>
      <Button variant='quiet' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        {S.goHome}
      </Button>
    </View>
  );

  return (
    <Page title={S.invitedBy(landing.inviterName)} subtitle={landing.campaign?.name} className='referral referral--landing'>
      {landing.campaign?.blocks.length ? (
        <Card tone='soft'>
          <Blocks blocks={landing.campaign.blocks} />
        </Card>
      ) : (
        <Card tone='soft' description={S.landingLead} />
      )}

      {landing.viewer?.own ? (
        <Card title={S.ownInviteTitle} className='referral__own'>
          <Text className='referral__paragraph'>{S.ownInviteHint}</Text>
          <Button variant='secondary' onClick={() => Taro.redirectTo({ url: '/pages/referral/index' })}>
            {S.ownInviteLink}
          </Button>
        </Card>
      ) : accept.kind === 'accepted' ? (
        <Card title={S.acceptedTitle(accept.inviterName)} tone='accent' className='referral__accepted'>
          <Text className='referral__paragraph'>{S.acceptedHint}</Text>
          {next}
        </Card>
      ) : accept.kind === 'refused' ? (
        <Card title={S.refusedTitle} className='referral__refused'>
          <Notice tone='info'>{accept.message}</Notice>
          <Text className='referral__paragraph'>{S.refusedHint}</Text>
          {next}
        </Card>
      ) : landing.rules ? (
        <View className='referral__accept'>
          {signedIn ? (
            <Button onClick={doAccept} busy={accept.kind === 'busy'}>
              {accept.kind === 'busy' ? S.accepting : S.accept}
            </Button>
          ) : (
            <Button onClick={signInAndAccept}>{S.signInToAccept}</Button>
          )}
        </View>
      ) : (
        <Notice tone='info'>{S.noCampaign}</Notice>
      )}

      {landing.rulesText.length > 0 && (
        <Card title={S.landingRulesTitle}>
          <RulesList lines={landing.rulesText} />
        </Card>
      )}
      {!landing.campaign?.blocks.length && <Notice tone='privacy'>{S.landingPrivacy}</Notice>}
    </Page>
  );
}
