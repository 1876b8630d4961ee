import fs from 'node:fs';

/**
 * The reliability tests report their figures as test diagnostics; with RELIABILITY_FIGURES=<file> they
 * also append them there as JSON lines (`npm run soak` collects them for docs/reliability.md).
 */
export function figuresOut(test: string, figures: Record<string, unknown>): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ test, ...figures })}\n`);
}
