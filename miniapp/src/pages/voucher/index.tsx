import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { canRetry, friendlyMessage } from '../../api/client';
import { useOffersPaused } from '../../api/offers';
import { requireLogin } from '../../api/session';
import { Button, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { voucherApi, type WalletItem } from './api';
import { VOUCHER_STRINGS as S } from './strings';
import './voucher.scss';

function VoucherCard({ v, paused }: { v: WalletItem; paused: boolean }) {
  // While offers are paused the wallet still lists what is there, without prompts to book.
  const usable = v.status === 'issued' && !paused;
  return (
    <View className={`voucher voucher--${v.status}`}>
      <View className='voucher__value'>
        <Text className='voucher__amount'>{S.value(v.value)}</Text>
        <Text className='voucher__kind'>{S.reason[v.reason]}</Text>
      </View>
      <View className='voucher__body'>
        <Text className={`voucher__status voucher__status--${v.status}`}>{S.status[v.status]}</Text>
        <Text className='voucher__expiry'>{v.status === 'expired' ? S.expired(formatDateTime(v.expiresAt)) : S.expires(formatDateTime(v.expiresAt))}</Text>
        {v.status === 'redeemed' && <Text className='voucher__note'>{S.usedFor}</Text>}
        {usable && (
          <View className='voucher__use'>
            <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pages/booking/paid' })}>
              {S.book}
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}

export default function WalletPage() {
  const [items, setItems] = useState<WalletItem[] | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);
  const [fresh, setFresh] = useState(0);
  const paused = useOffersPaused();

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const wallet = await voucherApi.wallet();
      setItems(wallet.items);
      // Seen now: the 我的 badge for these vouchers goes away.
      if (wallet.unseen > 0) voucherApi.markSeen().catch(() => undefined);
      setFresh(wallet.unseen);
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useDidShow(() => {
    load();
  });

  return (
    <Page title={S.title} subtitle={S.subtitle} back className='wallet'>
      {error ? (
        <ErrorState message={error} onRetry={retry ? load : undefined} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty
          title={S.emptyTitle}
          description={S.emptyDescription}
          action={paused ? undefined : <Button onClick={() => Taro.navigateTo({ url: '/pages/referral/index' })}>{S.invite}</Button>}
        />
      ) : (
        <View className='wallet__list'>
          {fresh > 0 && <Notice tone='info'>{S.arrived(fresh)}</Notice>}
          {items.map((v) => (
            <VoucherCard key={v.id} v={v} paused={paused} />
          ))}
        </View>
      )}
    </Page>
  );
}
