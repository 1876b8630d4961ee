import type { HolidayNotice } from '../notice.js';

/**
 * Source: gov.cn, cross-checked with NateScarlet/holiday-cn 2023.json (domain.md §5.3).
 * Its 元旦 block starts on 2022-12-31: the reason the calendar is keyed by date, not by notice year.
 */
export const notice2023: HolidayNotice = {
  year: 2023,
  title: '国务院办公厅关于2023年部分节假日安排的通知',
  docNo: '国办发明电〔2022〕16号',
  publishedOn: '2022-12-08',
  url: 'http://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm',
  holidays: [
    { name: '元旦', firstDay: '2022-12-31', lastDay: '2023-01-02', makeUpWorkdays: [] },
    { name: '春节', firstDay: '2023-01-21', lastDay: '2023-01-27', makeUpWorkdays: ['2023-01-28', '2023-01-29'] },
    { name: '清明节', firstDay: '2023-04-05', lastDay: '2023-04-05', makeUpWorkdays: [] },
    { name: '劳动节', firstDay: '2023-04-29', lastDay: '2023-05-03', makeUpWorkdays: ['2023-04-23', '2023-05-06'] },
    { name: '端午节', firstDay: '2023-06-22', lastDay: '2023-06-24', makeUpWorkdays: ['2023-06-25'] },
    {
      name: '中秋节、国庆节',
      firstDay: '2023-09-29',
      lastDay: '2023-10-06',
      makeUpWorkdays: ['2023-10-07', '2023-10-08'],
    },
  ],
};
