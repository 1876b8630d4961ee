import type { HolidayNotice } from '../notice.js';

/**
 * Source: gov.cn, cross-checked with NateScarlet/holiday-cn 2024.json (domain.md §5.3). 文号 not confirmed.
 * 除夕 (02-09, a Friday) is a working day: the notice only encourages employers to give it off.
 */
export const notice2024: HolidayNotice = {
  year: 2024,
  title: '国务院办公厅关于2024年部分节假日安排的通知',
  docNo: null,
  publishedOn: '2023-10-25',
  url: 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm',
  holidays: [
    { name: '元旦', firstDay: '2024-01-01', lastDay: '2024-01-01', makeUpWorkdays: [] },
    { name: '春节', firstDay: '2024-02-10', lastDay: '2024-02-17', makeUpWorkdays: ['2024-02-04', '2024-02-18'] },
    { name: '清明节', firstDay: '2024-04-04', lastDay: '2024-04-06', makeUpWorkdays: ['2024-04-07'] },
    { name: '劳动节', firstDay: '2024-05-01', lastDay: '2024-05-05', makeUpWorkdays: ['2024-04-28', '2024-05-11'] },
    { name: '端午节', firstDay: '2024-06-10', lastDay: '2024-06-10', makeUpWorkdays: [] },
    { name: '中秋节', firstDay: '2024-09-15', lastDay: '2024-09-17', makeUpWorkdays: ['2024-09-14'] },
    { name: '国庆节', firstDay: '2024-10-01', lastDay: '2024-10-07', makeUpWorkdays: ['2024-09-29', '2024-10-12'] },
  ],
};
