/**
 * The V8 heap limit the server runs with (`npm start`, the benchmark and the reliability harness pass it to node;
 * package.json's `start` must carry the same, test/cli/server-flags.test.ts checks it). Measured under the
 * reliability load on PostgreSQL (docs/reliability.md): the live heap stayed at 70–130 MB, but with node's
 * defaults on a machine of 24 GB (a 4 GB heap limit) V8 lets the old generation grow to up to four times what
 * survives a full collection before it collects again, and keeps that space: the old generation reached 266 MB
 * and RSS climbed from 266 to 397 MB in 60 s.
 *
 * `--max-old-space-size=1024`: V8 scales its heap growing factor with the heap limit (1.6 at 1 GB, 4 at 2 GB and
 * above), so the old generation is collected at about 1.6× its live size: at most 111 MB, and RSS 221 → 233 MB in
 * the same run. It cost 3 more full collections in 77,000 requests (~120 ms, about 1.5 % of the CPU, measured
 * with `--trace-gc`). 1 GB is a limit, not a working size: ten times the live heap, which does not grow with the
 * catalogue (docs/performance.md). A smaller young generation (`--max-semi-space-size=8`, 16 MB less RSS) was
 * measured and left out: it doubles the scavenges, about 30 % more time in GC pauses per request.
 *
 * Only the long-running server gets it; the CLI's batch commands keep node's defaults.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=1024'];
