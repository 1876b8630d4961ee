import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import { html, raw, type SafeHtml } from '../web/html.js';
import type { BuiltReport } from './reports.js';
import { barChart } from './svg-chart.js';

/** Chromium gets this long to print a report before it is stopped. */
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Reports as PDF through headless Chromium (`chromium --print-to-pdf`), where it is installed (CHROMIUM_PATH). The
 * report is printed from a self-contained page (styles inline, no script, no network address), written to a
 * private temporary folder with a throwaway browser profile, both removed afterwards.
 */
export async function printPdf(chromium: string, page: SafeHtml): Promise<Buffer> {
  if (!fs.existsSync(chromium)) {
    throw new AppError(
      'UNAVAILABLE',
      `未安装 Chromium（${chromium}），无法生成 PDF：请安装 chromium 或设置 CHROMIUM_PATH；也可以导出 Excel 或直接打印页面`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-pdf-'));
  try {
    const input = path.join(dir, 'report.html');
    const output = path.join(dir, 'report.pdf');
    fs.writeFileSync(input, page.value);
    await run(chromium, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-extensions',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${output}`,
      `file://${input}`,
    ]);
    if (!fs.existsSync(output)) throw new AppError('UNAVAILABLE', 'Chromium 未生成 PDF 文件');
    return fs.readFileSync(output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PRINT_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new AppError('UNAVAILABLE', `无法运行 Chromium：${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new AppError(
            'UNAVAILABLE',
            `Chromium 生成 PDF 失败（${signal ?? `退出码 ${code}`}）：${stderr.trim().split('\n').pop() ?? ''}`,
          ),
        );
    });
  });
}

const STYLE = `body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:10.5pt;color:#1f2933;margin:0}
h1{font-size:16pt;margin:0 0 4pt}h2{font-size:12pt;margin:14pt 0 4pt}.meta{color:#52606d;margin:0 0 10pt}
table{border-collapse:collapse;width:100%;margin:4pt 0 10pt;page-break-inside:auto}tr{page-break-inside:avoid}
th,td{border:1px solid #9aa5b1;padding:2pt 4pt;text-align:left;vertical-align:top}thead th{background:#e4e7eb}
td.num{text-align:right}caption{text-align:left;font-weight:bold;margin:2pt 0}figure{margin:0 0 12pt;page-break-inside:avoid}
svg{max-width:100%;height:auto}@page{size:A4;margin:14mm}`;

/** The printable document of a report: its charts (SVG with their data tables), then every sheet as a table. */
export function reportDocument(
  r: BuiltReport,
  o: { periodLabel: string; generatedAt: string; jurisdiction: string },
): SafeHtml {
  const sheets = r.charts.length ? [] : r.sheets;
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${r.title}</title><style>${raw(STYLE)}</style></head><body>
    <h1>${o.jurisdiction}${r.title}</h1><p class="meta">期间：${o.periodLabel}；生成时间：${o.generatedAt}</p>
    ${r.charts.map((c) => (c.bars.length ? barChart(c) : html`<h2>${c.title}</h2><p>暂无数据。</p>`))}
    ${sheets.map(
      (s) =>
        html`<h2>${s.name}</h2>${
          s.rows.length
            ? html`<table><thead><tr>${s.header.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${s.rows.map((row) => html`<tr>${row.map((v) => (typeof v === 'number' ? html`<td class="num">${String(v)}</td>` : html`<td>${v ?? ''}</td>`))}</tr>`)}</tbody></table>`
            : html`<p>无。</p>`
        }`,
    )}
  </body></html>`;
}
