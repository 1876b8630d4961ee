import type { HolidayNotice } from '../notice.js';

/**
 * Source: gov.cn, cross-checked with NateScarlet/holiday-cn 2025.json (domain.md §5.3). First year under the
 * amended 《全国年节及纪念日放假办法》: 春节 starts on 除夕 (01-28).
 */
export const notice2025: HolidayNotice = {
  year: 2025,
  title: '国务院办公厅关于2025年部分节假日安排的通知',
  docNo: '国办发明电〔2024〕12号',
  publishedOn: '2024-11-12',
  url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
  holidays: [
    { name: '元旦', firstDay: '2025-01-01', lastDay: '2025-01-01', makeUpWorkdays: [] },
    { name: '春节', firstDay: '2025-01-28', lastDay: '2025-02-04', makeUpWorkdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', firstDay: '2025-04-04', lastDay: '2025-04-06', makeUpWorkdays: [] },
    { name: '劳动节', firstDay: '2025-05-01', lastDay: '2025-05-05', makeUpWorkdays: ['2025-04-27'] },
    { name: '端午节', firstDay: '2025-05-31', lastDay: '2025-06-02', makeUpWorkdays: [] },
    {
      name: '国庆节、中秋节',
      firstDay: '2025-10-01',
      lastDay: '2025-10-08',
      makeUpWorkdays: ['2025-09-28', '2025-10-11'],
    },
  ],
};
