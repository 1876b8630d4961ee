import fs from 'node:fs';
import type { AppContext } from '../app/context.js';
import { checkpointFile, verifiedCheckpoint, type Checkpoint } from '../audit/checkpoint.js';
import { errorCode } from '../shared/guards.js';

/**
 * When the newest audit checkpoint was written, for the `shixiang_audit_checkpoint_age_seconds` gauge: read from
 * the signed checkpoint file (the one `shixiang audit verify` trusts), null while there is none. The file only
 * grows (a line every AUDIT_CHECKPOINT_MINUTES), so each scrape verifies just the lines appended since the last
 * one, yielding now and then: a year of checkpoints must not block the event loop at every scrape. A forged line
 * gives no time at all (the gauge disappears, which an `absent()` alert catches) rather than the age of a
 * checkpoint that cannot be trusted.
 */
export function newestCheckpointAt(ctx: AppContext): () => Promise<Date | null> {
  const file = checkpointFile(ctx.config);
  const fresh = (ino: number): { ino: number; offset: number; newest: Checkpoint | null; forged: boolean } => ({
    ino,
    offset: 0,
    newest: null,
    forged: false,
  });
  let read = fresh(0);
  return async () => {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(file);
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') throw e;
      read = fresh(0);
      return null;
    }
    // Replaced or truncated (restored from a backup, rotated): start again.
    if (st.ino !== read.ino || st.size < read.offset) read = fresh(st.ino);
    if (!read.forged && st.size > read.offset) {
      const buf = Buffer.alloc(st.size - read.offset);
      const fh = await fs.promises.open(file, 'r');
      try {
        await fh.read(buf, 0, buf.length, read.offset);
      } finally {
        await fh.close();
      }
      // Whole lines only: a line still being appended is read at the next scrape.
      const end = buf.lastIndexOf(0x0a) + 1;
      let n = 0;
      for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const cp = verifiedCheckpoint(ctx.keys.audit, line);
        if (!cp) {
          read.forged = true;
          break;
        }
        // Of checkpoints of the same head (a quiet chain), the latest.
        if (!read.newest || cp.seq >= read.newest.seq) read.newest = cp;
        if (++n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      read.offset += end;
    }
    return read.forged || !read.newest ? null : new Date(read.newest.at);
  };
}
