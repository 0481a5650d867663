import { View, Text } from '@tarojs/components';
import { CRISIS_LINES, EMERGENCY_NOTE } from '../../../shared/selftest/instruments';
import { PhoneLink } from './PhoneLink';
import { COMPONENT_STRINGS } from './strings';

/**
 * Crisis help: the hotlines with tap-to-call and the 110/120 note. Whatever screen shows it puts it first
 * and shows nothing that sells next to it.
 */
export function CrisisHelp() {
  return (
    <View className='rp-crisis' ariaRole='alert'>
      <Text className='rp-crisis__title'>{COMPONENT_STRINGS.crisisTitle}</Text>
      <Text className='rp-crisis__lead'>{COMPONENT_STRINGS.crisisLead}</Text>
      {CRISIS_LINES.map((line) => (
        <PhoneLink key={line.phone} phone={line.phone} className='rp-crisis__line'>
          <View className='rp-crisis__line-text'>
            <Text className='rp-crisis__line-name'>{line.name}</Text>
            <Text className='rp-crisis__line-phone'>{line.phone}</Text>
            <Text className='rp-crisis__line-note'>{line.note}</Text>
          </View>
          <Text className='rp-crisis__call'>{COMPONENT_STRINGS.crisisCall}</Text>
        </PhoneLink>
      ))}
      <Text className='rp-crisis__availability'>{COMPONENT_STRINGS.crisisAvailability}</Text>
      <Text className='rp-crisis__emergency'>{EMERGENCY_NOTE}</Text>
    </View>
  );
}
