/**
 * `npm start`: DynamoDB Local (the real engine), the table and seed data, the local API (the Lambda
 * handlers behind an HTTP adapter) and the H5 build of the mini-program. Ctrl-C stops all of it.
 */
// First: starts DynamoDB Local while the imports below load.
import { dynamoStarting } from './early-dynamo';
import { sendDueReminders } from '../booking/reminders';
import { runDueMessageCampaigns } from '../care/sender';
import { sendDueGatheringReminders } from '../gathering/reminders';
import { runCheckinReminders } from '../membership/checkins';
import { topUpPaidHours } from '../booking/topup';
import { reconcilePayments } from '../payment/service';
import { startWechatPayStandIn } from '../wechat/pay-standin';
import { createTable } from '../db/admin';
import { ensureH5Build, H5_DIR } from './h5';
import { seed } from './seed';
import { startStreamPoller } from './streams';
import { createApiServer, listen } from './server';
import { createWebServer } from './web';

const apiPort = Number(process.env.API_PORT ?? 3000);
const webPort = Number(process.env.WEB_PORT ?? 10086);
const payPort = Number(process.env.WECHATPAY_PORT ?? 3100);

process.env.STAGE = 'local';
// The SDK is pinned; its notice that future releases need Node 22 is known.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.TABLE_NAME ??= 'ripple-local';
process.env.PUBLIC_WEB_URL ??= `http://127.0.0.1:${webPort}`;
process.env.API_PORT = String(apiPort);
process.env.WECHATPAY_BASE ??= `http://127.0.0.1:${payPort}`;

async function main() {
  const log = (s: string) => console.log(`[ripple] ${s}`);
  const dynamo = await dynamoStarting;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;

  let api: ReturnType<typeof createApiServer> | undefined;
  let web: ReturnType<typeof createWebServer> | undefined;
  let stopping = false;
  let reminders: ReturnType<typeof setInterval> | undefined;
  let topUp: ReturnType<typeof setInterval> | undefined;
  let payRecon: ReturnType<typeof setInterval> | undefined;
  let payStandIn: Awaited<ReturnType<typeof startWechatPayStandIn>> | undefined;
  let messages: ReturnType<typeof setInterval> | undefined;
  let gatheringReminders: ReturnType<typeof setInterval> | undefined;
  let checkinReminders: ReturnType<typeof setInterval> | undefined;
  let stopStreams: (() => void) | undefined;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    log('Stopping…');
    clearInterval(reminders);
    clearInterval(topUp);
    clearInterval(payRecon);
    await payStandIn?.close();
    clearInterval(messages);
    clearInterval(gatheringReminders);
    clearInterval(checkinReminders);
    stopStreams?.();
    api?.close();
    web?.close();
    await dynamo.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // A failure after the engine started (a port in use, a broken build) must not leave Java running.
  try {
    await startEverything();
  } catch (err) {
    console.error(err);
    await stop(1);
  }

  async function startEverything() {
    await createTable(process.env.TABLE_NAME!);
    await seed();
    log('Table created and seed data loaded.');

    // Stands in for the EventBridge schedule: due consult reminders land in the outbox (GET /dev/outbox).
    reminders = setInterval(() => void sendDueReminders().catch((err) => console.error('[ripple] reminders:', err)), 60_000);
    // Gathering reminders (functions/gathering/reminders.ts), the same way.
    gatheringReminders = setInterval(() => void sendDueGatheringReminders().catch((err) => console.error('[ripple] gathering reminders:', err)), 60_000);
    // Quarterly check-in reminders (AWS: daily at 10:00 Beijing); every 10 minutes here so a grant shows up soon.
    checkinReminders = setInterval(() => void runCheckinReminders().catch((err) => console.error('[ripple] check-in reminders:', err)), 600_000);
    // Stands in for the daily schedule that keeps counselors' paid hours open six weeks ahead.
    topUp = setInterval(() => void topUpPaidHours().catch((err) => console.error('[ripple] paid hours:', err)), 86_400_000);
    // Stands in for the schedule that sends queued message campaigns (care).
    messages = setInterval(() => void runDueMessageCampaigns().catch((err) => console.error('[ripple] messages:', err)), 60_000);
    // Stands in for the analytics function's stream trigger: the dashboard's counters follow within a second.
    stopStreams = startStreamPoller();
    // The WeChat Pay stand-in (own keys, signed + encrypted notices; keys generated into .local/wechatpay on first
    // start) and the reconciliation schedule: unpaid holds expire, lost notices and refunds are caught up.
    payStandIn = await startWechatPayStandIn(payPort);
    payRecon = setInterval(() => void reconcilePayments().catch((err) => console.error('[ripple] payments:', err)), 30_000);
    api = createApiServer();
    await listen(api, apiPort);
    await ensureH5Build(log);
    web = createWebServer(H5_DIR, () => apiPort);
    await listen(web, webPort);

    log(`API:        http://127.0.0.1:${apiPort}   (try /health)`);
    log(`Mini-program (H5): http://127.0.0.1:${webPort}`);
    log(`WeChat Pay stand-in: ${payStandIn.url}   (模拟微信支付)`);
    log('Press Ctrl-C to stop.');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
