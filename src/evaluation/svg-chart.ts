import { html, type SafeHtml } from '../web/html.js';

/**
 * Horizontal bar charts as server-rendered SVG: readable without JavaScript, printable, and accessible — the
 * SVG is an image with a title and a description, and the same figures follow as a table (the text alternative
 * screen readers and printouts use). Colours are presentation attributes (the CSP forbids inline styles).
 */
export interface Bar {
  label: string;
  value: number;
  /** The value as shown ("85.0%", "12"). */
  text: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence saying what the chart shows, for the SVG's description. */
  description: string;
  bars: Bar[];
  /** Upper end of the scale (default: the largest value). */
  max?: number;
  /** Column heading of the values in the table. */
  valueLabel: string;
}

const ROW = 26;
const LABEL_W = 180;
const BAR_W = 320;

export function barChart(c: ChartSpec): SafeHtml {
  const max = c.max ?? Math.max(1, ...c.bars.map((b) => b.value));
  const height = Math.max(1, c.bars.length) * ROW + 8;
  return html`<figure class="chart" id="${c.id}"><figcaption><h2>${c.title}</h2></figcaption>
    <svg role="img" aria-labelledby="${c.id}-t ${c.id}-d" viewBox="0 0 ${LABEL_W + BAR_W + 80} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
      <title id="${c.id}-t">${c.title}</title><desc id="${c.id}-d">${c.description}</desc>
      ${c.bars.map((b, i) => {
        const y = 4 + i * ROW;
        const w = max > 0 ? Math.max(0, Math.round((b.value / max) * BAR_W)) : 0;
        return html`<text x="${LABEL_W - 6}" y="${y + 16}" text-anchor="end" font-size="13" fill="#1f2933">${b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label}</text>
          <rect x="${LABEL_W}" y="${y + 3}" width="${w}" height="${ROW - 8}" fill="#1d5fa8"></rect>
          <text x="${LABEL_W + w + 6}" y="${y + 16}" font-size="13" fill="#1f2933">${b.text}</text>`;
      })}
    </svg>
    <table class="list chart-data"><caption>${c.title}（数据）</caption><thead><tr><th scope="col">项目</th><th scope="col">${c.valueLabel}</th></tr></thead>
      <tbody>${c.bars.map((b) => html`<tr><th scope="row">${b.label}</th><td class="num">${b.text}</td></tr>`)}</tbody></table></figure>`;
}
