import type { Complaint } from '../../shared/care/complaint';
import { returnGrant, useGrant } from '../db/grants';
import { getUser } from '../db/users';
import { logger } from '../http/logger';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';

/** The subscription-message template for "your feedback has a reply" (WeChat admin console; a stand-in locally). */
export const complaintTemplateId = () => process.env.WECHAT_COMPLAINT_TEMPLATE_ID ?? 'local-complaint-reply';
/** The template marketers' message campaigns use unless they name another. */
export const campaignTemplateId = () => process.env.WECHAT_CAMPAIGN_TEMPLATE_ID ?? 'local-care-news';

/**
 * Tells the client their complaint has a reply. In the app it is always there (the complaint is marked unread, 我的
 * shows it); a subscription message goes out only when the client gave a one-time grant for it (one grant, one
 * message). Never fails the reply itself.
 */
export async function notifyReply(c: Complaint, status: 'replied' | 'resolved'): Promise<'sent' | 'in_app_only'> {
  const templateId = complaintTemplateId();
  try {
    if (!(await useGrant(c.clientId, templateId))) return 'in_app_only';
    const client = await getUser(c.clientId);
    try {
      await wechat().sendSubscribeMessage({
        openid: client?.deviceId ?? '',
        templateId,
        page: `pages/care/complaint?id=${c.id}`,
        data: { thing1: { value: '您的反馈有了新的回复' }, phrase2: { value: status === 'resolved' ? '已处理' : '处理中' } },
      });
      return 'sent';
    } catch (err) {
      if (!(err instanceof WechatError && err.errcode === 43101)) await returnGrant(c.clientId, templateId);
      throw err;
    }
  } catch (err) {
    logger.warn('complaint reply notice not sent', { complaintId: c.id, error: err as Error });
    return 'in_app_only';
  }
}
