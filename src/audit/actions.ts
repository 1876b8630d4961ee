/**
 * Every audited event, in one closed list (AUD-01). Names are `<namespace>.<verb>`.
 *
 * WARNING: names are persisted in the audit chain and searched by auditors. Add entries; never rename one.
 */
export const AUDIT_ACTIONS = {
  // accounts and security events
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.session_expired': '会话超时',
  'auth.locked': '账号锁定',
  'auth.unlocked': '账号解锁',
  'auth.password_changed': '修改口令',
  'auth.password_reset': '重置口令',
  'auth.mfa_enrolled': '绑定动态口令',
  'auth.mfa_reset': '重置动态口令',
  'auth.denied': '越权访问被拒绝',
  'auth.network_denied': '管理网段外访问被拒绝',
  'auth.sessions_ended': '结束会话',
  'account.created': '开设账号',
  'account.disabled': '停用账号',
  'account.enabled': '启用账号',
  'account.roles_changed': '变更角色',
  'security.policy_changed': '修改安全策略',
  'token.issued': '签发API令牌',
  'token.revoked': '吊销API令牌',
  'audit.queried': '查询审计记录',
  'audit.exported': '导出审计记录',
  'audit.verified': '校验审计链',
  // catalogue core
  'unit.created': '新增实施单位',
  'unit.updated': '修改实施单位',
  'catalogue.entry_upserted': '写入基本目录条目',
  'catalogue.imported': '导入基本目录版本',
  'item.created': '录入事项',
  'item.updated': '修改事项草稿',
  'item.findings_overridden': '说明警告',
  // workflow
  'item.submitted': '提交',
  'item.unit_approved': '单位审核通过',
  'item.unit_returned': '单位审核退回',
  'item.verified': '核验通过',
  'item.returned': '核验退回',
  'item.scheduled': '定时发布',
  'item.unscheduled': '取消定时发布',
  'item.withdrawn': '撤回提交',
  'item.published': '发布',
  'item.publish_failed': '定时发布失败',
  'item.suspended': '暂停',
  'item.resumed': '恢复',
  'item.cancelled': '取消',
  'change.created': '发起调整申请',
  'change.completed': '调整完成',
  'change.withdrawn': '撤销调整申请',
  'obligation.opened': '产生调整义务',
  'obligation.resolved': '处理调整义务',
  'obligation.confirmed': '确认无需调整',
  'obligation.rejected': '不同意无需调整',
  'obligation.dismissed': '撤销调整义务',
  // legal basis and upper level
  'legal.document_saved': '保存法律文件',
  'legal.event_recorded': '登记法律事件',
  'directive.recorded': '登记上级决定',
  'catalogue.claimed': '认领基本目录事项',
  'catalogue.taken_over': '采用上级目录新文本',
  'catalogue.divergence_requested': '提交基本要素调整建议',
  'catalogue.divergence_answered': '答复基本要素调整建议',
  // publishing and public
  'channel.saved': '保存发布渠道',
  'channel.repushed': '重新推送',
  'explanation.created': '提交说明解释申请',
  'explanation.viewed': '查看申请人联系方式',
  'explanation.answered': '答复说明解释申请',
  'explanation.faq_approved': '答复发布为常见问题',
  'explanation.contacts_erased': '按保存期限删除申请人姓名和联系方式',
  // evaluation and supervision (issue 15)
  'spotcheck.recorded': '登记监督检查',
  'spotcheck.answered': '答复监督检查',
  'spotcheck.closed': '监督检查验收通过',
  'spotcheck.reopened': '监督检查退回整改',
  'campaign.opened': '开展目录清理',
  'campaign.item_answered': '目录清理：处理事项',
  'campaign.closed': '结束目录清理',
  'feedback.reviewed': '核查公众反映较多的事项',
  // system
  'calendar.imported': '导入节假日安排',
  'system.config_changed': '修改系统配置',
  'demo.seeded': '载入演示数据',
  // 三员 separation at issuance (issue 9)
  'account.confirmed': '确认开设管理员账号',
  // bulk exchange (issue 14)
  'exchange.imported': '批量导入事项',
  'exchange.reconciled': '处理与上级系统的差异',
  // unit reorganisation (Art. 18(三))
  'unit.reorganised': '实施机构职能调整',
  'account.unit_changed': '变更账号所属单位',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Chinese names of the object types records point at (`target_type`); unknown ones are shown as stored. */
export const AUDIT_TARGET_TYPES: Record<string, string> = {
  item: '事项', unit: '实施单位', user: '账号', api_token: '接口令牌', change_request: '调整申请', obligation: '调整义务',
  explanation: '说明解释申请', channel: '发布渠道', legal_document: '法律文件', legal_event: '法律事件', directive: '上级决定',
  catalogue_version: '基本目录版本', catalogue_entry: '基本目录条目', divergence_request: '基本要素调整建议', calendar_notice: '节假日安排',
  settings: '系统设置', unit_reorganisation: '实施机构职能调整',
  spot_check: '监督检查',
  campaign: '目录清理',
};
