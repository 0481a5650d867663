import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CrisisHelp, ErrorState, Page } from '../../components';
import { READINGS } from './readings';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

export default function ReadingPage() {
  const { params } = useRouter();
  const reading = params.id && Object.prototype.hasOwnProperty.call(READINGS, params.id) ? READINGS[params.id] : undefined;
  if (!reading) {
    return (
      <Page back>
        <ErrorState message={S.readingNotFound} />
      </Page>
    );
  }
  return (
    <Page title={reading.title} back>
      {reading.crisisLines && <CrisisHelp />}
      <View className='reading'>
        {reading.paragraphs.map((p) => (
          <Text key={p} className='reading__paragraph'>
            {p}
          </Text>
        ))}
      </View>
    </Page>
  );
}
