import { Button as WxButton, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { tappable } from './a11y';
import { COMPONENT_STRINGS as S } from './strings';

/**
 * WeChat's privacy consent (app.json `__usePrivacyCheck__`): the first time a page calls a gated API (clipboard,
 * phone calendar, album…) WeChat asks the mini-program, through `wx.onNeedPrivacyAuthorization`, to show its own
 * consent popup. Every page that calls a gated API renders <PrivacyPopup />. Agreeing goes through WeChat's
 * `agreePrivacyAuthorization` button; declining tells WeChat so, the API call fails quietly, and the page stays
 * usable (the caller shows its own fallback, e.g. the link as selectable text). H5 renders nothing.
 */

type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

const AGREE_BUTTON_ID = 'ripple-privacy-agree';
let pending: PrivacyResolve | null = null;
const subscribers = new Set<(open: boolean) => void>();
let listening = false;

function notify(open: boolean) {
  subscribers.forEach((s) => s(open));
}

/** One listener for the whole app; WeChat keeps only the last one registered. */
function listen() {
  if (listening || process.env.TARO_ENV !== 'weapp') return;
  const onNeed = (Taro as unknown as { onNeedPrivacyAuthorization?: (cb: (resolve: PrivacyResolve) => void) => void }).onNeedPrivacyAuthorization;
  if (!onNeed) return; // base library older than 2.32.3: no privacy check to answer
  listening = true;
  onNeed((resolve) => {
    pending = resolve;
    notify(true);
  });
}

function answer(event: 'agree' | 'disagree') {
  pending?.(event === 'agree' ? { event, buttonId: AGREE_BUTTON_ID } : { event });
  pending = null;
  notify(false);
}

const openGuide = () => {
  Taro.openPrivacyContract({ fail: () => undefined });
};

export function PrivacyPopup() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') return undefined;
    listen();
    subscribers.add(setOpen);
    return () => {
      subscribers.delete(setOpen);
    };
  }, []);
  if (process.env.TARO_ENV !== 'weapp' || !open) return null;
  return (
    <View className='rp-privacy' ariaRole='dialog' ariaLabel={S.privacyTitle}>
      <View className='rp-privacy__sheet'>
        <Text className='rp-privacy__title'>{S.privacyTitle}</Text>
        <Text className='rp-privacy__text'>{S.privacyText}</Text>
        <Text className='rp-privacy__link' {...tappable({ onClick: openGuide, role: 'link' })} onClick={openGuide}>
          {S.privacyGuide}
        </Text>
        <View className='rp-privacy__actions'>
          <WxButton className='rp-privacy__button rp-privacy__button--quiet' onClick={() => answer('disagree')}>
            {S.privacyDecline}
          </WxButton>
          <WxButton
            id={AGREE_BUTTON_ID}
            className='rp-privacy__button rp-privacy__button--primary'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => answer('agree')}
          >
            {S.privacyAgree}
          </WxButton>
        </View>
      </View>
    </View>
  );
}
