import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ANSWER_OPTIONS, INSTRUMENTS, STEM } from '../../../../shared/selftest/instruments';
import { Button, ErrorState, Page, ProgressBar } from '../../components';
import { isInstrumentId } from './api';
import { scoreOnDevice } from './draft';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

/** A short pause after a tap, so the chosen answer is seen before the next question slides in. */
const ADVANCE_DELAY_MS = 220;

export default function QuizPage() {
  const { params } = useRouter();
  const id = params.id;
  // Questions come from the shared definitions: no sign-in and no request before the first question.
  const instrument = isInstrumentId(id) ? INSTRUMENTS[id] : null;
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => new Array(instrument?.items.length ?? 0).fill(undefined));
  const [index, setIndex] = useState(0);
  const advanceTimer = useRef<ReturnType<typeof setTimeout>>();
  const finished = useRef(false);

  /** Scores on the device; the result page offers to save it (nothing is sent before that). */
  const submit = (all: (number | undefined)[]) => {
    if (!instrument || finished.current || all.some((a) => a === undefined)) return;
    finished.current = true;
    scoreOnDevice(instrument.id, all as number[]);
    // Replace the quiz in the history: going back from the result returns to the list, not to question 9.
    Taro.redirectTo({ url: '/pages/selftest/result?draft=1' });
  };

  const choose = (value: number) => {
    if (!instrument || finished.current) return;
    const next = answers.slice();
    next[index] = value;
    setAnswers(next);
    clearTimeout(advanceTimer.current);
    const last = index === instrument.items.length - 1;
    advanceTimer.current = setTimeout(() => (last ? submit(next) : setIndex(index + 1)), ADVANCE_DELAY_MS);
  };

  const previous = () => {
    clearTimeout(advanceTimer.current);
    setIndex(Math.max(0, index - 1));
  };

  const forward = () => {
    if (!instrument || answers[index] === undefined) return;
    if (index === instrument.items.length - 1) submit(answers);
    else setIndex(index + 1);
  };

  if (!instrument) {
    return (
      <Page title={S.chooseTitle} back>
        <ErrorState message={S.unknownInstrument} />
        <Button variant='quiet' onClick={() => Taro.redirectTo({ url: '/pages/selftest/index' })}>
          {S.backToList}
        </Button>
      </Page>
    );
  }

  const total = instrument.items.length;
  const isLast = index === total - 1;
  return (
    <Page title={instrument.title} className='quiz' back>
      <ProgressBar value={index + 1} max={total} label={S.progress(index + 1, total)} />
      <View className='quiz__question'>
        <Text className='quiz__stem'>{STEM}</Text>
        <Text className='quiz__item'>{instrument.items[index].text}</Text>
      </View>
      <View className='quiz__options'>
        {ANSWER_OPTIONS.map((o) => (
          <Button key={o.value} variant='secondary' className='quiz__option' selected={answers[index] === o.value} onClick={() => choose(o.value)}>
            {o.label}
          </Button>
        ))}
      </View>
      <View className='quiz__nav'>
        <Button variant='quiet' block={false} disabled={index === 0} onClick={previous}>
          ‹ {S.previous}
        </Button>
        <Button variant='quiet' block={false} disabled={answers[index] === undefined} onClick={forward}>
          {isLast ? S.seeResult : S.next} ›
        </Button>
      </View>
    </Page>
  );
}
