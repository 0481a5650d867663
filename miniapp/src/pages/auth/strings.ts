import type { Role } from '../../../../shared/auth/roles';

export const AUTH_STRINGS = {
  loginTitle: '登录',
  loginSubtitle: '登录后，你的自测记录会安全地保存在你自己的账号里。',
  nameLabel: '怎么称呼你',
  namePlaceholder: '输入一个昵称即可',
  nameRequired: '请先填写一个称呼',
  login: '登录',
  loggingIn: '正在登录…',
  wechatLogin: '微信一键登录',
  wechatHint: '我们只用微信登录来识别你的账号，不会获取你的聊天或通讯录。',
  staffToggle: '工作人员登录',
  staffToggleClose: '返回用户登录',
  staffRoleLabel: '选择身份',
  loginFailed: '登录没有成功，请稍后再试。',
  localNote: '本地体验版：输入昵称即可登录。',
  profileTitle: '个人设置',
  profileName: '称呼',
  profileRole: '身份',
  marketingLabel: '接收活动与福利消息',
  marketingHint: '开启后，我们可能会给你发送主题日、课程等消息。你随时可以关闭，关闭不影响任何服务。',
  saved: '已保存',
  saveFailed: '保存没有成功，请重试',
  logout: '退出登录',
  logoutConfirm: '确定要退出登录吗？',
  confirm: '确定',
  cancel: '取消',
} as const;

export const ROLE_LABELS: Record<Role, string> = {
  client: '来访者',
  counselor: '咨询师',
  marketer: '运营',
  admin: '管理员',
};

export const STAFF_ROLES: Role[] = ['counselor', 'marketer', 'admin'];
