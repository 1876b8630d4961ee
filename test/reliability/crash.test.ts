import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { testDialects } from '../support/context.js';
import { Receiver } from '../support/receiver.js';
import { processDistrict, staffOf } from './support/district.js';
import { checkInvariants } from './support/invariants.js';
import { ServerProcess } from './support/server-process.js';
import { seeded, Workload } from './support/workload.js';
import { figuresOut } from './support/figures.js';
import { ImportLane } from './support/import-op.js';

/**
 * REL-02 and REL-04 at the application level: the server runs as a child process under a seeded stream of
 * writes and is killed with SIGKILL at seeded random moments, then restarted. After every restart each
 * operation that was in flight is either complete or absent; at the end every acknowledged write is there,
 * version chains, the publication log, the public side, the audit chain and the webhook outbox all hold.
 * RELIABILITY_KILLS (default 15 per engine, so a CI run on both engines makes 30) and RELIABILITY_SEED
 * reproduce or lengthen a run (`npm run soak`). In about four rounds in ten a bulk import (`shixiang import
 * --apply`, one transaction) runs beside the server and is killed at its own seeded moment: it is found whole
 * or not at all.
 */
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 15);
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261207);
/** A long run on a shared machine may be time-boxed (`npm run soak -- --minutes M`): no new round starts after it. */
const UNTIL = process.env.RELIABILITY_CRASH_UNTIL
  ? Date.parse(process.env.RELIABILITY_CRASH_UNTIL)
  : Number.POSITIVE_INFINITY;

for (const dialect of testDialects()) {
  describe(`[${dialect}] crash safety under SIGKILL`, () => {
    it(`REL-02, REL-04: ${KILLS} kills at random moments (seed ${SEED}) lose no acknowledged write and leave nothing half-written`, {
      // A time-boxed run needs its box plus the outbox drain and the final check.
      timeout: Number.isFinite(UNTIL) ? Math.max(60 * 60_000, UNTIL - Date.now() + 30 * 60_000) : 60 * 60_000,
    }, async (tc) => {
      const receiver = new Receiver();
      await receiver.start();
      const d = await processDistrict(dialect, { units: 3, webhooks: [receiver.url, `${receiver.url}/second`] });
      const server = new ServerProcess({ ...d.env, JOBS: 'true' });
      const rand = seeded(SEED + (dialect === 'postgres' ? 1 : 0));
      const problems: string[] = [];
      const started = Date.now();
      const restartMs: number[] = [];
      let drainMs = 0;
      try {
        await server.start();
        const w = new Workload(rand, await staffOf(d, server), () => server.url, 1);
        // Its own stream, so which rounds import and where those kills land do not depend on the traffic's timing.
        const importRand = seeded(SEED + 100 + (dialect === 'postgres' ? 1 : 0));
        const imports = new ImportLane(d, w, importRand);
        // Warm-up without a kill, so that the kills also land on published items, change requests and explanations.
        let warm = false;
        const warmUp = w.run(4, () => warm);
        await sleep(4000);
        warm = true;
        await warmUp;
        let kills = 0;
        for (let kill = 0; kill < KILLS && Date.now() < UNTIL; kill++) {
          let stop = false;
          const traffic = w.run(4, () => stop);
          const importing = importRand.next() < 0.4 ? imports.run() : undefined;
          // The kill lands a seeded number of acknowledged writes into the round plus a seeded delay, so every
          // round makes progress however slow the machine is, and the moment still varies.
          const target = w.figures.acknowledged + rand.int(1, 8);
          const roundStart = Date.now();
          while (w.figures.acknowledged < target && Date.now() - roundStart < 30_000) await sleep(10);
          await sleep(rand.int(0, 500));
          stop = true;
          const exit = await server.stop('SIGKILL');
          assert.equal(exit.signal, 'SIGKILL');
          await traffic;
          const t0 = Date.now();
          await server.start();
          restartMs.push(Date.now() - t0);
          kills++;
          problems.push(...(await w.resolveUncertain()).map((p) => `after kill ${kill + 1}: ${p}`));
          if (importing) problems.push(...(await importing).map((p) => `round ${kill + 1}: ${p}`));
        }
        // The outbox drains by itself after the last restart (a delivery leased by a killed process waits out its lease).
        const due = () =>
          d.t.ctx.db.kysely
            .selectFrom('channel_deliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '!=', 'delivered')
            .executeTakeFirstOrThrow();
        // A long run leaves thousands of deliveries (imports publish 100-160 items at once): wait while the
        // outbox makes progress, and give up after 120 s without any (more than the 60 s lease).
        const drainStart = Date.now();
        let left = (await due()).n;
        for (let progressAt = Date.now(); left > 0 && Date.now() - progressAt < 120_000; ) {
          await sleep(500);
          const now = (await due()).n;
          if (now < left) progressAt = Date.now();
          left = now;
        }
        drainMs = Date.now() - drainStart;
        const stopped = await server.stop('SIGTERM');
        assert.equal(stopped.code, 0, 'SIGTERM drains and exits 0');
        const report = await checkInvariants(d.t, w, receiver);
        const figures = {
          dialect,
          seed: SEED,
          kills,
          acknowledged: w.figures.acknowledged,
          inFlightAtKill: w.figures.uncertain,
          items: report.items,
          publications: report.publications,
          changeRequests: w.changeRequests.length,
          explanationRequests: w.explanations.length,
          imports: imports.figures.runs,
          importsCompleted: imports.figures.imported,
          importsKilled: imports.figures.killed,
          importsKilledFoundWhole: imports.figures.killedFoundWhole,
          importsKilledFoundAbsent: imports.figures.killedFoundAbsent,
          itemsImported: imports.figures.itemsImported,
          auditRecords: report.auditRecords,
          webhookRedeliveries: report.redeliveries,
          lostOrHalfWritten: problems.length + report.problems.length,
          problemsAfterKills: problems.length,
          problemsAtEnd: report.problems.length,
          outboxLeft: left,
          meanRestartSeconds: Math.round(restartMs.reduce((a, b) => a + b, 0) / restartMs.length / 100) / 10,
          outboxDrainSeconds: Math.round(drainMs / 1000),
          seconds: Math.round((Date.now() - started) / 1000),
        };
        tc.diagnostic(JSON.stringify(figures));
        // The first problems go into the output before the assertion, so a long run says what failed even if
        // its figures are all that is kept.
        for (const p of [...problems, ...report.problems].slice(0, 20)) tc.diagnostic(`problem: ${p}`);
        figuresOut('crash', { ...figures, firstProblem: [...problems, ...report.problems][0] ?? 'none' });
        assert.deepEqual([...problems, ...report.problems], []);
        assert.deepEqual(w.figures.unexpected, [], 'every request that got an answer got the expected one');
        assert.ok(
          report.publications > 0 && kills > 0 && w.figures.uncertain >= kills / 2,
          'the kills landed on a workload that publishes and has requests in flight',
        );
        assert.ok(imports.figures.runs > 0, 'imports ran beside the server');
      } finally {
        await server.stop('SIGKILL');
        await receiver.stop();
        await d.cleanup();
      }
    });
  });
}
