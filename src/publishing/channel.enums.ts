// Vocabulary of channels, shared by the table type, the use case and the pages.
export const CHANNEL_KINDS = { portal: '政府门户网站', unit_site: '部门网站', other: '其他渠道' } as const;
export const EXPECTED_SYNC = {
  webhook: 'Webhook 推送（收到后上报）',
  poll: '中心定时轮询渠道的状态地址',
  report: '渠道通过接口自行上报',
  widget: '嵌入挂件（实时读取公开接口）',
  export: '静态导出文件',
} as const;
