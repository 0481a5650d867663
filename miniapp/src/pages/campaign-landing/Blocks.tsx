import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Block } from '../../../../shared/campaign/blocks';
import type { RewardRules } from '../../../../shared/referral/rules';
import { alt, Button, tappable } from '../../components';
import { loginUrl } from '../../api/session';
import { LANDING_STRINGS as S } from './strings';
import './landing.scss';

const CTA_TARGETS: Record<string, string> = {
  selftest: '/pages/selftest/index',
  booking: '/pages/booking/index',
  invite: '/pages/referral/index',
};

function ctaTarget(b: Extract<Block, { kind: 'cta' }>): string {
  if (b.action === 'signup') return loginUrl('/pages/index/index');
  if (b.action === 'gathering') return `/pages/gathering/detail?id=${b.gatheringId}`;
  return CTA_TARGETS[b.action];
}

/**
 * Renders a variant's content blocks (shared/campaign/blocks.ts). Used by the public page and by the marketer's
 * preview, so what a marketer previews is exactly what a client sees. `onAction` is told before navigating.
 */
export function Blocks({ blocks, rules, onAction, preview }: { blocks: Block[]; rules?: RewardRules; onAction?: (what: string) => void; preview?: boolean }) {
  const go = (what: string, url: string) => {
    onAction?.(what);
    if (!preview) Taro.navigateTo({ url });
  };
  return (
    <View className='landing__blocks'>
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'title':
            return (
              <View key={i} className='landing__title-block'>
                <Text className='landing__title'>{b.text}</Text>
                {b.subtitle && <Text className='landing__subtitle'>{b.subtitle}</Text>}
              </View>
            );
          case 'image':
            return <Image key={i} className='landing__image' src={b.url} mode='widthFix' {...alt(b.alt)} />;
          case 'richText':
            return (
              <View key={i} className='landing__text-block'>
                {b.paragraphs.map((p, j) => (
                  <Text key={j} className={`landing__paragraph landing__paragraph--${p.style}`}>
                    {p.text}
                  </Text>
                ))}
              </View>
            );
          case 'themeDays':
            return (
              <View key={i} className='landing__themedays'>
                <Text className='landing__section-title'>{b.title ?? S.themeDaysTitle}</Text>
                {b.items.map((d) => (
                  <View key={d.date} className='landing__themeday' {...tappable({ onClick: () => go('themeday', '/pages/booking/index'), label: `${d.date.slice(5).replace('-', '月')}日 ${d.theme}` })} onClick={() => go('themeday', '/pages/booking/index')}>
                    <Text className='landing__themeday-date'>{d.date.slice(5).replace('-', '月')}日</Text>
                    <View className='landing__themeday-body'>
                      <Text className='landing__themeday-theme'>{d.theme}</Text>
                      {d.note && <Text className='landing__themeday-note'>{d.note}</Text>}
                    </View>
                  </View>
                ))}
              </View>
            );
          case 'selftestEntry':
            return (
              <View key={i} className='landing__action'>
                <Button onClick={() => go('selftest', `/pages/selftest/quiz?id=${b.instrument}`)}>{b.label}</Button>
                <Text className='landing__privacy'>{S.privacy}</Text>
              </View>
            );
          case 'inviteRules':
            if (!rules) return null;
            return (
              <View key={i} className='landing__rules'>
                <Text className='landing__section-title'>{b.title ?? S.rulesTitle}</Text>
                {S.rulesLines(rules, S.qualifying[rules.qualifyingAction] ?? rules.qualifyingAction).map((line, j) => (
                  <View key={j} className='landing__rule'>
                    <Text className='landing__rule-no'>{j + 1}</Text>
                    <Text className='landing__rule-text'>{line}</Text>
                  </View>
                ))}
              </View>
            );
          case 'cta':
            return (
              <View key={i} className='landing__action'>
                <Button onClick={() => go(b.action, ctaTarget(b))}>{b.label}</Button>
              </View>
            );
          default:
            return null;
        }
      })}
    </View>
  );
}
