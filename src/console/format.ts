import { html, type SafeHtml } from '../web/html.js';

/** "等待 3 天 4 小时" since an instant. */
export function waitingSince(iso: string | null, now: Date): string {
  if (!iso) return '—';
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return days ? `${days} 天 ${hours} 小时` : hours ? `${hours} 小时 ${minutes % 60} 分` : `${minutes} 分钟`;
}

/** A deadline cell: red and marked when overdue (not by colour alone: the text says so too). */
export function deadlineCell(dueOn: string, text: string, overdue: boolean, provisional: boolean): SafeHtml {
  return html`<span class="${overdue ? 'overdue' : ''}">${dueOn}${provisional ? '（暂定）' : ''}</span><br><small class="${overdue ? 'overdue' : 'muted'}">${text}</small>`;
}

/** The page number from a console query string: 1 … 10,000, anything else is page 1 or the last allowed page. */
export function pageNumber(raw: string | undefined): number {
  return Math.min(10_000, Math.max(1, Number.parseInt(raw ?? '1', 10) || 1));
}
