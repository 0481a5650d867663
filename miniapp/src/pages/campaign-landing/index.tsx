import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { useOffersPaused } from '../../api/offers';
import { rememberVisitorId, visitorId } from '../../api/visitor';
import { Button, Card, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { landingApi, sendEvent, type CampaignPage } from './api';
import { newEventId, rememberAttribution } from './attribution';
import { Blocks } from './Blocks';
import { LANDING_STRINGS as S } from './strings';

type State = { kind: 'loading' } | { kind: 'ready'; page: CampaignPage } | { kind: 'missing' } | { kind: 'ended' } | { kind: 'error'; message: string };

/**
 * The public landing page of a published campaign: `/pages/campaign-landing/index?id=<campaignId>&ch=<channel>`.
 * It lives in the main package (clients land here from shares and posters), outside `pages/campaign`, which is
 * the marketer sub-package's root. It shows the visitor's variant, records one page view, and keeps the
 * attribution so a sign-up from here is counted for this campaign, channel and variant.
 */
export default function CampaignLandingPage() {
  const router = useRouter();
  const id = router.params.id;
  const ch = router.params.ch;
  const [state, setState] = useState<State>({ kind: 'loading' });
  // One id per page view, reused by every retry of that view's event.
  const viewEventId = useRef(newEventId());
  // A signed-in client whose offers are paused (after a crisis result) sees no campaign, only the way home.
  const paused = useOffersPaused();

  const load = async () => {
    if (!id) return setState({ kind: 'missing' });
    setState({ kind: 'loading' });
    try {
      const page = await landingApi.page(id, ch, visitorId());
      rememberVisitorId(page.visitor);
      setState({ kind: 'ready', page });
      if (page.campaign.name) Taro.setNavigationBarTitle({ title: page.campaign.name }).catch(() => undefined);
      const a = { campaignId: page.campaign.id, channel: page.channel, variant: page.variant.id, visitorId: page.visitor };
      rememberAttribution(a);
      void sendEvent({ eventId: viewEventId.current, type: 'page_view', ...a });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setState({ kind: 'missing' });
      else if (err instanceof ApiError && err.status === 410) setState({ kind: 'ended' });
      else setState({ kind: 'error', message: friendlyMessage(err) });
    }
  };
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, ch]);

  const home = <Button onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>{S.goHome}</Button>;
  if (paused) return <Page><Notice tone='info'>{S.paused}</Notice>{home}</Page>;
  if (state.kind === 'loading') return <Page><Loading /></Page>;
  if (state.kind === 'missing') return <Page><Empty title={S.missing} description={S.missingHint} action={home} /></Page>;
  if (state.kind === 'ended') return <Page><Empty title={S.ended} description={S.endedHint} action={home} /></Page>;
  if (state.kind === 'error') return <Page><ErrorState message={state.message} onRetry={load} /></Page>;

  const { page } = state;
  const onAction = (what: string) => {
    const a = { campaignId: page.campaign.id, channel: page.channel, variant: page.variant.id, visitorId: page.visitor };
    void sendEvent({ eventId: newEventId(), type: 'cta_clicked', ...a });
    void what;
  };
  return (
    <Page className='landing'>
      <Card tone='soft'>
        <Blocks blocks={page.variant.blocks} rules={page.campaign.rules} onAction={onAction} />
      </Card>
    </Page>
  );
}
