import { GRANULARITIES, label } from '../../domain/enums.js';
import { html, type SafeHtml } from '../../web/html.js';

export interface ParentChoice {
  id: string;
  name: string;
  task_code: string;
  granularity: string;
}

/**
 * The 上级事项 picker: people choose by name, 颗粒度 and 实施编码; the item id is only the submitted value (a
 * datalist would put the id itself in the box once chosen).
 */
export function parentSelect(
  parents: readonly ParentChoice[],
  o: { id: string; name: string; selected: string; describedBy?: string },
): SafeHtml {
  return html`<select id="${o.id}" name="${o.name}"${o.describedBy ? html` aria-describedby="${o.describedBy}"` : ''}><option value="">（无：主项）</option>${parents.map((p) => html`<option value="${p.id}"${p.id === o.selected ? html` selected` : ''}>${p.name}（${label(GRANULARITIES, p.granularity)}，${p.task_code}）</option>`)}</select>`;
}
