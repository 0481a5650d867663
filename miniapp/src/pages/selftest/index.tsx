import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Card, Notice, Page } from '../../components';
import { instrumentSummaries } from './draft';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

// From the shared instrument definitions: no request and no sign-in before the first question, and the page is
// laid out complete on its first paint (nothing moves in when a list arrives).
const ITEMS = instrumentSummaries();

export default function SelftestIndexPage() {
  const start = (id: string) => Taro.navigateTo({ url: `/pages/selftest/quiz?id=${id}` });

  return (
    <Page title={S.chooseTitle} subtitle={S.chooseSubtitle} back>
      {ITEMS.map((i) => (
        <Card key={i.id} className={`selftest__choice selftest__choice--${i.id}`} onClick={() => start(i.id)}>
          <View className='selftest__choice-head'>
            <Text className='selftest__choice-title'>{i.title}</Text>
            <Text className='selftest__choice-name'>{i.name}</Text>
          </View>
          <Text className='selftest__choice-subtitle'>{i.subtitle}</Text>
          <View className='selftest__choice-foot'>
            <Text className='selftest__choice-meta'>{S.minutes(i.minutes, i.itemCount)}</Text>
            {/* The whole card is the tap target; this pill only shows it. */}
            <Text className='selftest__choice-start'>{S.start}</Text>
          </View>
        </Card>
      ))}
      <Notice tone='privacy' title={S.privacyTitle}>
        {S.privacy}
      </Notice>
      <Text className='selftest__footnote'>{S.screeningNote}</Text>
      <Button variant='quiet' onClick={() => Taro.navigateTo({ url: '/pages/selftest/history' })}>
        {S.historyLink}
      </Button>
    </Page>
  );
}
