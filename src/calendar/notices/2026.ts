import type { HolidayNotice } from '../notice.js';

/** Source: gov.cn, cross-checked with NateScarlet/holiday-cn 2026.json (domain.md §5.3). 文号 not confirmed. */
export const notice2026: HolidayNotice = {
  year: 2026,
  title: '国务院办公厅关于2026年部分节假日安排的通知',
  docNo: null,
  publishedOn: '2025-11-04',
  url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
  holidays: [
    { name: '元旦', firstDay: '2026-01-01', lastDay: '2026-01-03', makeUpWorkdays: ['2026-01-04'] },
    { name: '春节', firstDay: '2026-02-15', lastDay: '2026-02-23', makeUpWorkdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', firstDay: '2026-04-04', lastDay: '2026-04-06', makeUpWorkdays: [] },
    { name: '劳动节', firstDay: '2026-05-01', lastDay: '2026-05-05', makeUpWorkdays: ['2026-05-09'] },
    { name: '端午节', firstDay: '2026-06-19', lastDay: '2026-06-21', makeUpWorkdays: [] },
    { name: '中秋节', firstDay: '2026-09-25', lastDay: '2026-09-27', makeUpWorkdays: [] },
    { name: '国庆节', firstDay: '2026-10-01', lastDay: '2026-10-07', makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
  ],
};
