import { columnLetter } from '../catalogue/catalogue.import.js';

/** One problem of an import file, located as precisely as the format allows (sheet, row, column). */
export interface Problem {
  sheet?: string;
  row?: number;
  /** 1-based column number (xlsx/CSV) or a field path (JSON Lines). */
  column?: number | string;
  header?: string;
  message: string;
}

/** At most this many problems are kept; the total is still counted and reported. */
export const MAX_PROBLEMS = 1000;

export class ProblemList {
  readonly items: Problem[] = [];
  total = 0;
  add(p: Problem): void {
    this.total++;
    if (this.items.length < MAX_PROBLEMS) this.items.push(p);
  }
  get any(): boolean {
    return this.total > 0;
  }
}

/** `申请材料 第5行 C列「材料名称」：不能为空` */
export function describeProblem(p: Problem): string {
  const where = [
    p.sheet ?? '',
    p.row !== undefined ? `第${p.row}行` : '',
    typeof p.column === 'number' ? `${columnLetter(p.column)}列` : (p.column ?? ''),
    p.header ? `「${p.header}」` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return where ? `${where}：${p.message}` : p.message;
}
