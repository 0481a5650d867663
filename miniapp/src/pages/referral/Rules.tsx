import { Text, View } from '@tarojs/components';

/** The campaign's full rules as numbered lines (generated on the server from the campaign's reward rules). */
export function RulesList({ lines }: { lines: string[] }) {
  return (
    <View className='referral__rules'>
      {lines.map((line, i) => (
        <View key={i} className='referral__rule'>
          <Text className='referral__rule-no'>{i + 1}</Text>
          <Text className='referral__rule-text'>{line}</Text>
        </View>
      ))}
    </View>
  );
}
