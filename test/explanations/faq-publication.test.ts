import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction, type UseCaseContext } from '../../src/app/use-case.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/auth/actor.js';
import type { ItemContent } from '../../src/domain/item-content.js';
import { decideFaq } from '../../src/explanations/explanation.service.js';
import { queueFaq } from '../../src/explanations/faq-publication.js';
import * as items from '../../src/items/item.repository.js';
import { newVersionRow } from '../../src/items/item.service.js';
import { isAppError, type AppError } from '../../src/shared/errors.js';
import { newId } from '../../src/shared/ids.js';
import { createChangeRequest } from '../../src/workflow/change-request.service.js';
import { publishVersion } from '../../src/workflow/publish.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { publishItem, suspendItem } from '../support/publishing.js';

/**
 * FAQ publication (Art. 21 answers made public) goes through the publishing controls: only a publisher
 * publishes a new version, the FAQ is validated like any item element, suspended and cancelled items are
 * refused, and both writes are guarded against a racing submission or change request.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] FAQ publication controls`, () => {
    let t: TestContext;
    let unitId: string;
    let verifier: UseCaseContext;
    let publisher: UseCaseContext;
    const system = (): UseCaseContext => ({ app: t.ctx, actor: SYSTEM_ACTOR, meta: {} });

    const actorFor = async (role: 'verifier' | 'publisher'): Promise<UseCaseContext> => {
      const account = await makeAccount(t.ctx, [role]);
      const actor: Actor = { kind: 'user', id: account.id, name: account.username, roles: [role], unitId: null };
      return { app: t.ctx, actor, meta: {} };
    };

    /** An answered request whose answer the unit proposed as an FAQ. */
    async function proposal(
      itemId: string,
      faq = { question: '可以网上提交材料吗？', answer: '可以，通过网上办理渠道提交电子版。' },
    ): Promise<string> {
      const item = (await items.findItem(t.ctx.db.kysely, { kind: 'all' }, itemId))!;
      const id = newId();
      const now = t.ctx.clock.now().toISOString();
      await t.ctx.db.kysely
        .insertInto('explanation_requests')
        .values({
          id,
          tracking_no: `SJ${id.slice(0, 14)}`,
          key_hash: 'x',
          item_id: itemId,
          unit_id: item.unit_id,
          version_id: item.published_version_id!,
          item_name: item.name,
          requester_name: null,
          contact: null,
          question: '请问可以网上提交材料吗？',
          status: 'answered',
          due_on: '2026-03-16',
          due_provisional: 0,
          created_at: now,
          answer: faq.answer,
          answered_at: now,
          answered_by: null,
          faq_status: 'proposed',
          faq_question: faq.question,
          faq_answer: faq.answer,
          faq_decided_at: null,
          faq_decided_by: null,
          faq_note: null,
          faq_seq: null,
          lock_version: 1,
        })
        .execute();
      return id;
    }
    const publicationCount = async () =>
      (await t.ctx.db.kysely.selectFrom('publications').select('seq').execute()).length;
    const faqStatus = async (id: string) =>
      (
        await t.ctx.db.kysely
          .selectFrom('explanation_requests')
          .select('faq_status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).faq_status;
    const rejectsWith =
      (status: number, check: (e: AppError) => void = () => {}) =>
      (e: unknown) => {
        assert.ok(isAppError(e), String(e));
        assert.equal(e.status, status, e.message);
        check(e);
        return true;
      };

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00.000Z');
      unitId = (await makeUnit(t.ctx)).id;
      verifier = await actorFor('verifier');
      publisher = await actorFor('publisher');
    });
    after(async () => {
      await t.cleanup();
    });

    it('a verifier cannot publish a new version by approving (403, nothing published); a publisher can', async () => {
      const item = await publishItem(t.ctx, unitId, { name: '道路货物运输经营许可' });
      const id = await proposal(item.id);
      const before = await publicationCount();
      await assert.rejects(decideFaq(verifier, id, { approve: true }), rejectsWith(403));
      assert.equal(await publicationCount(), before);
      assert.equal(await faqStatus(id), 'proposed');
      const outcome = await decideFaq(publisher, id, { approve: true });
      assert.equal(outcome?.kind, 'published');
      assert.equal(await publicationCount(), before + 1);
    });

    it("a verifier's approval goes into the unit's working version, which is then submitted, verified and published as usual", async () => {
      const item = await publishItem(t.ctx, unitId, { name: '道路旅客运输经营许可' });
      const id = await proposal(item.id, { question: '线路变更需要重新申请吗？', answer: '需要，按变更办理。' });
      await createChangeRequest(system(), {
        kind: 'change',
        itemId: item.id,
        ground: 'art18.1',
        groundArisenOn: '2026-03-02',
      });
      const before = await publicationCount();
      assert.equal((await decideFaq(verifier, id, { approve: true }))?.kind, 'queued');
      assert.equal(await publicationCount(), before);
      const row = (await items.findItem(t.ctx.db.kysely, { kind: 'all' }, item.id))!;
      const working = (await items.findVersion(t.ctx.db.kysely, row.draft_version_id!))!;
      assert.ok(
        (JSON.parse(working.content) as ItemContent).faqs?.some((f) => f.question === '线路变更需要重新申请吗？'),
      );
    });

    it('the FAQ is validated against the Faq schema: a 20,000-character answer is refused with the field (400)', async () => {
      const item = await publishItem(t.ctx, unitId, { name: '出租汽车经营许可' });
      const id = await proposal(item.id);
      const before = await publicationCount();
      await assert.rejects(
        decideFaq(publisher, id, { approve: true, answer: '答'.repeat(20_000) }),
        rejectsWith(400, (e) => {
          assert.deepEqual(
            e.issues.map((i) => i.path),
            ['answer'],
          );
          assert.match(e.issues[0]!.message, /4000/);
        }),
      );
      await assert.rejects(
        decideFaq(publisher, id, { approve: true, question: '问'.repeat(1001) }),
        rejectsWith(400, (e) =>
          assert.deepEqual(
            e.issues.map((i) => i.path),
            ['question'],
          ),
        ),
      );
      assert.equal(await publicationCount(), before);
      assert.equal(await faqStatus(id), 'proposed');
    });

    it('a suspended item is refused (409): approving does not publish it again', async () => {
      const item = await publishItem(t.ctx, unitId, { name: '机动车驾驶员培训许可' });
      const id = await proposal(item.id);
      await suspendItem(t.ctx, item.id);
      const before = await publicationCount();
      await assert.rejects(
        decideFaq(publisher, id, { approve: true }),
        rejectsWith(409, (e) => assert.match(e.message, /暂停/)),
      );
      assert.equal(await publicationCount(), before);
      const row = (await items.findItem(t.ctx.db.kysely, { kind: 'all' }, item.id))!;
      assert.equal(row.life_state, 'suspended');
    });

    it('race: the working version was submitted after it was read: the FAQ is not written into it (409)', async () => {
      const item = await publishItem(t.ctx, unitId, { name: '危险货物道路运输许可' });
      await createChangeRequest(system(), {
        kind: 'change',
        itemId: item.id,
        ground: 'art18.1',
        groundArisenOn: '2026-03-02',
      });
      const staleItem = (await items.findItem(t.ctx.db.kysely, { kind: 'all' }, item.id))!;
      const staleWorking = (await items.findVersion(t.ctx.db.kysely, staleItem.draft_version_id!))!;
      await t.ctx.db.kysely
        .updateTable('item_versions')
        .set({ state: 'submitted' })
        .where('id', '=', staleWorking.id)
        .execute();
      await assert.rejects(
        inTransaction(system(), (trx) =>
          queueFaq(trx, staleItem, staleWorking, {
            faq: { question: '迟到的问题？', answer: '迟到的答复。' },
            by: null,
            now: t.ctx.clock.now().toISOString(),
          }),
        ),
        rejectsWith(409),
      );
      const after = (await items.findVersion(t.ctx.db.kysely, staleWorking.id))!;
      assert.equal(after.content_hash, staleWorking.content_hash, 'submitted content unchanged');
    });

    it('race: a change request opened after the item was read is not orphaned by a direct publication (409)', async () => {
      const item = await publishItem(t.ctx, unitId, { name: '港口经营许可' });
      const staleItem = (await items.findItem(t.ctx.db.kysely, { kind: 'all' }, item.id))!;
      assert.equal(staleItem.draft_version_id, null);
      const cr = await createChangeRequest(system(), {
        kind: 'change',
        itemId: item.id,
        ground: 'art18.1',
        groundArisenOn: '2026-03-02',
      });
      const before = await publicationCount();
      await assert.rejects(
        inTransaction(system(), async (trx) => {
          const published = (await items.findVersion(trx, staleItem.published_version_id!))!;
          const version = {
            ...newVersionRow(
              newId(),
              item.id,
              (await items.maxVersionSeq(trx, item.id)) + 1,
              JSON.parse(published.content) as ItemContent,
              null,
              t.ctx.clock.now().toISOString(),
            ),
            state: 'verified' as const,
          };
          await items.insertVersion(trx, version);
          return publishVersion(t.ctx, trx, {
            item: staleItem,
            version,
            from: ['verified'],
            publishedBy: null,
            now: t.ctx.clock.now().toISOString(),
            summary: 'stale',
          });
        }),
        rejectsWith(409),
      );
      const row = (await items.findItem(t.ctx.db.kysely, { kind: 'all' }, item.id))!;
      assert.equal(row.draft_version_id, cr.version_id, 'the change request keeps its working version');
      assert.equal(row.published_version_id, staleItem.published_version_id);
      assert.equal(await publicationCount(), before);
    });
  });
}
