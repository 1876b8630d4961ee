/**
 * A plausible 2027 notice for tests, as an administrator would write it in JSON. The dates are invented:
 * 2027 is not published; nothing here may end up in `src/calendar/notices/`.
 */
export function sample2027Notice(): Record<string, any> {
  return {
    year: 2027,
    title: '国务院办公厅关于2027年部分节假日安排的通知',
    docNo: null,
    publishedOn: '2026-11-10',
    url: 'https://www.gov.cn/zhengce/zhengceku/202611/content_0000000.htm',
    holidays: [
      { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03', makeUpWorkdays: [] },
      { name: '春节', firstDay: '2027-02-05', lastDay: '2027-02-12', makeUpWorkdays: ['2027-02-14'] },
    ],
  };
}
