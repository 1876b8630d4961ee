/**
 * The V8 heap limits the server runs with (`npm start`, the benchmark and the reliability harness pass them to
 * node; package.json's `start` must carry the same, test/cli/server-flags.test.ts checks it). Measured under the
 * reliability load (docs/reliability.md): the server's live heap stays near 100 MB, but with node's defaults on a
 * machine of 24 GB (a 4 GB heap limit) V8 lets the old generation grow to up to four times what survives a full
 * collection before it collects again, and keeps that space: RSS climbed from 180 to 400 MB while the heap after
 * each collection stayed at 70–130 MB. The flags set limits, not a working size:
 *
 * - `--max-old-space-size=1024`: V8 scales its heap growing factor with the heap limit (1.6 at 1 GB instead of
 *   4 at 2 GB and above), so the old generation is collected at about 1.6× its live size. 1 GB is ten times the
 *   live heap at 100,000 items; nothing the server holds grows with the catalogue (docs/performance.md).
 * - `--max-semi-space-size=8`: a young generation of 16 MB instead of 32 MB. A scavenge of a request-serving
 *   heap (short-lived objects) costs about the same whatever the size, it just runs twice as often.
 *
 * Only the long-running server gets them; the CLI's batch commands keep node's defaults.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=1024', '--max-semi-space-size=8'];
