import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { getSession } from '../../api/session';
import { Button, Card } from '../../components';
import { bookingApi, type FreeConsultMonth } from './api';
import { whenLabel } from './format';
import { BOOKING_STRINGS as S } from './strings';

/** The client's free-consult months (this and next), or [] for staff and while loading; failures stay quiet. */
export function useFreeConsultMonths(): FreeConsultMonth[] {
  const [months, setMonths] = useState<FreeConsultMonth[]>([]);
  useEffect(() => {
    if (getSession()?.user.role !== 'client') return;
    bookingApi
      .freeConsults()
      .then((r) => setMonths(r.months))
      .catch(() => undefined);
  }, []);
  return months;
}

/** "本月的免费咨询已预约", with a link to that booking: said before a slot is picked, not after 确认预约. */
export function MonthlyLimitNotice({ month, next }: { month: FreeConsultMonth; next?: boolean }) {
  const b = month.booking;
  return (
    <Card className='monthly-limit' tone='soft' title={next ? S.monthlyUsedNext : S.monthlyUsed}>
      {b && <Text className='monthly-limit__hint'>{S.monthlyUsedHint(whenLabel(b.start, b.end))}</Text>}
      {b && (
        <View className='monthly-limit__action'>
          <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: `/pages/booking/confirm?id=${b.id}` })}>
            {S.viewThatBooking}
          </Button>
        </View>
      )}
    </Card>
  );
}
