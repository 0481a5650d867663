import { afterAll, beforeAll } from 'vitest';
import type { WechatPayStandIn } from '../../functions/wechat/pay-standin';
import { startApi, type TestApi } from './api';
import { startPayStandIn } from './wechatpay';
import { useFreshTable } from './db';

/**
 * The usual integration-test bed, as hooks of the calling file (call it before the file's own hooks, which then
 * run after it): before all its tests a fresh table and the local API in front of it; after them the API is
 * closed and the table dropped.
 *
 * Returns a stand-in for the API that forwards to the one `beforeAll` started, so a file can keep it in a
 * `const`, hand it to fixtures and use it in its own later hooks and tests (not at import time).
 */
export function useApiTestBed(): TestApi & { readonly pay: WechatPayStandIn } {
  let started: TestApi | undefined;
  let drop: (() => Promise<void>) | undefined;
  let pay: WechatPayStandIn | undefined;

  beforeAll(async () => {
    ({ drop } = await useFreshTable());
    started = await startApi();
    // Paid consults are paid through the local WeChat Pay stand-in, as on `npm start`.
    pay = await startPayStandIn(started.url);
  });
  afterAll(async () => {
    await pay?.close();
    await started?.close();
    await drop?.();
  });

  const current = (): TestApi => {
    if (!started) throw new Error('useApiTestBed(): the API exists only in tests and hooks that run after its beforeAll');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get server() {
      return current().server;
    },
    call: (method, path, opts) => current().call(method, path, opts),
    login: (name, role, device) => current().login(name, role, device),
    close: () => current().close(),
    get pay() {
      if (!pay) throw new Error('useApiTestBed(): the WeChat Pay stand-in exists only after its beforeAll');
      return pay;
    },
  };
}
