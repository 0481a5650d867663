/**
 * The subscription-message template of the quarterly check-in reminder (WeChat MP console → 订阅消息; a stand-in id
 * locally). Its own module: the care Lambda (POST /me/message-grants) and the membership Lambda read it too.
 * Empty in a stage that has not configured one: nothing is sent and 我的权益 does not offer to turn it on.
 */
export const checkinTemplateId = () => process.env.WECHAT_CHECKIN_TEMPLATE_ID ?? 'local-checkin-invite';
