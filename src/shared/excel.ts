import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);

/**
 * exceljs, loaded on first use. Loading it costs about 0.8 s of CPU (its module tree is large), which every
 * process paid at start-up although a server mostly never writes a spreadsheet and `shixiang import` of JSON
 * Lines never reads one; a restart after a crash waited for it too.
 */
export function excel(): typeof ExcelJS {
  return require('exceljs');
}
