import type { HolidayNotice } from '../notice.js';

/** Source: gov.cn, cross-checked with NateScarlet/holiday-cn 2022.json (domain.md §5.3). 文号 not confirmed. */
export const notice2022: HolidayNotice = {
  year: 2022,
  title: '国务院办公厅关于2022年部分节假日安排的通知',
  docNo: null,
  publishedOn: '2021-10-25',
  url: 'http://www.gov.cn/zhengce/zhengceku/2021-10/25/content_5644835.htm',
  holidays: [
    { name: '元旦', firstDay: '2022-01-01', lastDay: '2022-01-03', makeUpWorkdays: [] },
    { name: '春节', firstDay: '2022-01-31', lastDay: '2022-02-06', makeUpWorkdays: ['2022-01-29', '2022-01-30'] },
    { name: '清明节', firstDay: '2022-04-03', lastDay: '2022-04-05', makeUpWorkdays: ['2022-04-02'] },
    { name: '劳动节', firstDay: '2022-04-30', lastDay: '2022-05-04', makeUpWorkdays: ['2022-04-24', '2022-05-07'] },
    { name: '端午节', firstDay: '2022-06-03', lastDay: '2022-06-05', makeUpWorkdays: [] },
    { name: '中秋节', firstDay: '2022-09-10', lastDay: '2022-09-12', makeUpWorkdays: [] },
    { name: '国庆节', firstDay: '2022-10-01', lastDay: '2022-10-07', makeUpWorkdays: ['2022-10-08', '2022-10-09'] },
  ],
};
