import type { HolidayNotice } from '../notice.js';

/** Source: gov.cn, cross-checked with NateScarlet/holiday-cn 2021.json (domain.md §5.3). */
export const notice2021: HolidayNotice = {
  year: 2021,
  title: '国务院办公厅关于2021年部分节假日安排的通知',
  docNo: '国办发明电〔2020〕27号',
  publishedOn: '2020-11-25',
  url: 'http://www.gov.cn/zhengce/zhengceku/2020-11/25/content_5564127.htm',
  holidays: [
    { name: '元旦', firstDay: '2021-01-01', lastDay: '2021-01-03', makeUpWorkdays: [] },
    { name: '春节', firstDay: '2021-02-11', lastDay: '2021-02-17', makeUpWorkdays: ['2021-02-07', '2021-02-20'] },
    { name: '清明节', firstDay: '2021-04-03', lastDay: '2021-04-05', makeUpWorkdays: [] },
    { name: '劳动节', firstDay: '2021-05-01', lastDay: '2021-05-05', makeUpWorkdays: ['2021-04-25', '2021-05-08'] },
    { name: '端午节', firstDay: '2021-06-12', lastDay: '2021-06-14', makeUpWorkdays: [] },
    { name: '中秋节', firstDay: '2021-09-19', lastDay: '2021-09-21', makeUpWorkdays: ['2021-09-18'] },
    { name: '国庆节', firstDay: '2021-10-01', lastDay: '2021-10-07', makeUpWorkdays: ['2021-09-26', '2021-10-09'] },
  ],
};
