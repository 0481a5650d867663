import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, ErrorState, Loading, Page, ProgressBar } from '../../components';
import { isInstrumentId, selftestApi, type InstrumentDetail } from './api';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

/** A short pause after a tap, so the chosen answer is seen before the next question slides in. */
const ADVANCE_DELAY_MS = 220;

export default function QuizPage() {
  const { params } = useRouter();
  const id = params.id;
  const [instrument, setInstrument] = useState<InstrumentDetail | null>(null);
  const [loadError, setLoadError] = useState('');
  const [answers, setAnswers] = useState<(number | undefined)[]>([]);
  const [index, setIndex] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState('');
  const advanceTimer = useRef<ReturnType<typeof setTimeout>>();

  const load = async () => {
    if (!isInstrumentId(id)) {
      setLoadError(S.unknownInstrument);
      return;
    }
    if (!requireLogin()) return;
    setLoadError('');
    try {
      const detail = await selftestApi.get(id);
      setInstrument(detail);
      setAnswers(new Array(detail.items.length).fill(undefined));
    } catch (err) {
      setLoadError(friendlyMessage(err));
    }
  };
  useLoad(() => {
    load();
  });

  const submit = async (all: (number | undefined)[]) => {
    if (!instrument || submitting || all.some((a) => a === undefined)) return;
    setSubmitting(true);
    setSubmitError('');
    try {
      const result = await selftestApi.submit(instrument.id, all as number[]);
      // Replace the quiz in the history: going back from the result returns to the list, not to question 9.
      // `fresh`: just taken, so the result page also says whether it earned an invited friend's welcome voucher.
      Taro.redirectTo({ url: `/pages/selftest/result?id=${encodeURIComponent(result.id)}&fresh=1` });
    } catch (err) {
      setSubmitError(`${S.submitFailed}（${friendlyMessage(err)}）`);
      setSubmitting(false);
    }
  };

  const choose = (value: number) => {
    if (!instrument || submitting) return;
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

  if (loadError) {
    return (
      <Page title={S.chooseTitle} back>
        <ErrorState message={loadError} onRetry={isInstrumentId(id) ? load : undefined} />
        <Button variant='quiet' onClick={() => Taro.redirectTo({ url: '/pages/selftest/index' })}>
          {S.backToList}
        </Button>
      </Page>
    );
  }
  if (!instrument) {
    return (
      <Page title={S.chooseTitle}>
        <Loading />
      </Page>
    );
  }
  if (submitting) {
    return (
      <Page title={instrument.title}>
        <Loading text={S.submitting} />
      </Page>
    );
  }

  const total = instrument.items.length;
  const isLast = index === total - 1;
  return (
    <Page title={instrument.title} className='quiz' back>
      <ProgressBar value={index + 1} max={total} label={S.progress(index + 1, total)} />
      <View className='quiz__question'>
        <Text className='quiz__stem'>{instrument.stem}</Text>
        <Text className='quiz__item'>{instrument.items[index].text}</Text>
      </View>
      <View className='quiz__options'>
        {instrument.options.map((o) => (
          <Button key={o.value} variant='secondary' className='quiz__option' selected={answers[index] === o.value} onClick={() => choose(o.value)}>
            {o.label}
          </Button>
        ))}
      </View>
      {submitError && (
        <View className='quiz__error'>
          <Text>{submitError}</Text>
        </View>
      )}
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
