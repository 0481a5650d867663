import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from './client';
import { requireLogin } from './session';

/**
 * A signed-in page's data, fetched each time the page is shown (so it is fresh after coming back from an editor),
 * with a readable error for the page's error state. `data` is null until the first answer: the loading state.
 */
export function useShownData<T>(fetch: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const reload = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setData(await fetch());
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    reload();
  });
  return { data, error, reload };
}

/** An editor's form: empty for a new item, else loaded (once, when first shown) from the item with this id. */
export function useEditorForm<F>(id: string | undefined, empty: () => F, load: (id: string) => Promise<F>) {
  const [form, setForm] = useState<F | null>(() => (id ? null : empty()));
  const [error, setError] = useState('');
  useDidShow(() => {
    if (!requireLogin() || !id || form) return;
    load(id).then(setForm, (err) => setError(friendlyMessage(err)));
  });
  return { form, setForm, error };
}

/** An editor's save: busy while it runs; on success a toast and `done` (usually back); a refusal in words. */
export function useSave(save: () => Promise<unknown>, opts: { saved: string; explain: (err: unknown) => string; done: () => void }) {
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState('');
  const run = async () => {
    setBusy(true);
    setSaveError('');
    try {
      await save();
      Taro.showToast({ title: opts.saved, icon: 'none' });
      opts.done();
    } catch (err) {
      setSaveError(opts.explain(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, saveError, save: run };
}

/** A staff action on a list (publish, take back…), then the list again; a refusal is said in a toast. */
export async function actThenReload(action: () => Promise<unknown>, reload: () => Promise<void>): Promise<void> {
  try {
    await action();
    await reload();
  } catch (err) {
    Taro.showToast({ title: friendlyMessage(err), icon: 'none' });
  }
}
