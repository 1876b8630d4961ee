import { randomInt } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { maskValue } from '../audit/mask.js';
import { authorize, can, unitScope } from '../auth/policy.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { safeEqual } from '../crypto/sm.js';
import type { PublicItem } from '../publishing/public.queries.js';
import { chinaDate } from '../shared/clock.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { visibleLength } from '../shared/text.js';
import { deadlineFor, deadlineStatus, describeDeadline } from '../workflow/deadline.js';
import { notifyRoles } from '../workflow/notify.js';
import { findItem } from '../items/item.repository.js';
import * as repo from './explanation.repository.js';
import type { ExplanationRequestRow } from './explanation.table.js';
import { addApprovedFaq, type FaqOutcome } from './faq-publication.js';

/**
 * 说明解释申请 (Art. 21): anyone may ask the unit to explain a published item. Only name, contact and the
 * question are collected (DATA-01; name and contact optional), name and contact are SM4-encrypted bound to
 * row and column (CRY-04/05), the unit answers within `explanationWorkingDays` working days, and the
 * requester follows the answer with a tracking number and a key that only they received.
 */

const aad = (column: 'requester_name' | 'contact', id: string) => `explanation_requests.${column}:${id}`;

export interface SubmitExplanationInput {
  name?: string;
  contact?: string;
  question: string;
}

export interface ExplanationReceipt {
  trackingNo: string;
  /** Shown once: only its keyed hash is stored. */
  key: string;
  dueOn: string;
  itemName: string;
  code: string;
}

// No 0/O, 1/I/L: keys are copied by hand from a receipt.
const KEY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newKey = () =>
  Array.from(
    { length: 12 },
    (_, i) => (i && i % 4 === 0 ? '-' : '') + KEY_ALPHABET[randomInt(KEY_ALPHABET.length)],
  ).join('');
const normalizeKey = (key: string) =>
  key
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/(.{4})(?=.)/g, '$1-');

/** Shortest question accepted, in characters; the form states it. */
export const MIN_QUESTION_CHARS = 5;

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[\d\s()-]+$/;

/**
 * What is wrong with a contact, or null: the unit must be able to reach the requester with it, so it is a
 * phone number (digits with an optional leading +, and -, spaces or parentheses; 7–20 digits, from an
 * extension to an international number) or an e-mail address.
 */
export function contactProblem(contact: string): string | null {
  if (EMAIL.test(contact)) return null;
  const digits = contact.replace(/\D/g, '').length;
  if (PHONE.test(contact) && digits >= 7 && digits <= 20) return null;
  return '请填写有效的联系电话（7–20 位数字，可含 +、-、空格和括号）或电子邮箱，也可以不填';
}

export async function submitExplanationRequest(
  uc: UseCaseContext,
  item: PublicItem,
  input: SubmitExplanationInput,
): Promise<ExplanationReceipt> {
  const question = input.question.trim();
  const name = input.name?.trim() || null;
  const contact = input.contact?.trim() || null;
  const issues: FieldIssue[] = [];
  if (visibleLength(question) < MIN_QUESTION_CHARS)
    issues.push({ path: 'question', message: `请写明需要说明解释的内容（不少于 ${MIN_QUESTION_CHARS} 个字）` });
  const badContact = contact ? contactProblem(contact) : null;
  if (badContact) issues.push({ path: 'contact', message: badContact });
  if (issues.length) throw errors.validation(issues);
  const app = uc.app;
  const now = app.clock.now();
  const cal = await loadCalendar(app.db);
  const due = deadlineFor(cal, chinaDate(now), app.config.deadlines.explanationWorkingDays, false);
  const key = newKey();
  return inTransaction(uc, async (trx, audit) => {
    const current = await findItem(trx, { kind: 'all' }, item.itemId);
    if (!current?.published_version_id || current.life_state === 'cancelled') throw errors.notFound('事项');
    let trackingNo = '';
    for (let attempt = 0; attempt < 5 && !trackingNo; attempt++) {
      const candidate = `SJ${chinaDate(now).replace(/-/g, '')}${String(randomInt(1_000_000)).padStart(6, '0')}`;
      if (!(await repo.findByTrackingNo(trx, candidate))) trackingNo = candidate;
    }
    if (!trackingNo) throw errors.unavailable('暂时无法生成受理编号，请稍后再试');
    const id = newId();
    const stamp = now.toISOString();
    await repo.insertExplanation(trx, {
      id,
      tracking_no: trackingNo,
      key_hash: app.fieldCrypto.blindIndex(key),
      item_id: current.id,
      unit_id: current.unit_id,
      version_id: current.published_version_id,
      item_name: item.name,
      requester_name: name ? app.fieldCrypto.encrypt(name, aad('requester_name', id)) : null,
      contact: contact ? app.fieldCrypto.encrypt(contact, aad('contact', id)) : null,
      question,
      status: 'open',
      due_on: due.dueOn,
      due_provisional: due.provisional ? 1 : 0,
      created_at: stamp,
      answer: null,
      answered_at: null,
      answered_by: null,
      faq_status: 'none',
      faq_question: null,
      faq_answer: null,
      faq_decided_at: null,
      faq_decided_by: null,
      faq_note: null,
      faq_seq: null,
      lock_version: 1,
      contact_erased_at: null,
    });
    await audit({
      action: 'explanation.created',
      target: { type: 'explanation', id },
      details: { trackingNo, item: item.code, dueOn: due.dueOn },
    });
    await notifyRoles(
      trx,
      stamp,
      ['unit_clerk', 'unit_reviewer'],
      current.unit_id,
      {
        kind: 'explanation',
        title: `说明解释申请 ${trackingNo}：${item.name}`,
        body: `公众对已发布事项提出说明解释申请，请于 ${due.dueOn} 前答复（第二十一条）。`,
        link: `/console/explanations/${id}`,
      },
      !!app.config.mail.smtpUrl,
    );
    return { trackingNo, key, dueOn: due.dueOn, itemName: item.name, code: item.code };
  });
}

/** What the requester sees on the tracking page. */
export interface TrackingView {
  trackingNo: string;
  itemName: string;
  itemId: string;
  question: string;
  createdAt: string;
  dueOn: string;
  status: 'open' | 'answered';
  answer: string | null;
  answeredAt: string | null;
  /** The answer was published as an FAQ of the item. */
  isFaq: boolean;
}

/** The request for this tracking number and key, or null (same answer for "no such number" and "wrong key"). */
export async function trackExplanation(app: AppContext, trackingNo: string, key: string): Promise<TrackingView | null> {
  const row = await repo.findByTrackingNo(app.db.kysely, trackingNo.trim().toUpperCase());
  if (!row || !safeEqual(app.fieldCrypto.blindIndex(normalizeKey(key)), row.key_hash)) return null;
  return {
    trackingNo: row.tracking_no,
    itemName: row.item_name,
    itemId: row.item_id,
    question: row.question,
    createdAt: row.created_at,
    dueOn: row.due_on,
    status: row.status,
    answer: row.answer,
    answeredAt: row.answered_at,
    isFaq: row.faq_status === 'approved',
  };
}

/** A request as the unit's console shows it: contact details masked until revealed. */
export interface ExplanationView {
  row: ExplanationRequestRow;
  unitName?: string;
  maskedName: string | null;
  maskedContact: string | null;
  deadlineText: string;
  overdue: boolean;
}

async function present(
  app: AppContext,
  row: ExplanationRequestRow & { unit_name?: string },
  today: string,
  cal?: Awaited<ReturnType<typeof loadCalendar>>,
): Promise<ExplanationView> {
  const calendar = cal ?? (await loadCalendar(app.db));
  const status = deadlineStatus(calendar, today, row.due_on);
  const plain = (column: 'requester_name' | 'contact') =>
    row[column] ? app.fieldCrypto.decrypt(row[column]!, aad(column, row.id)) : null;
  const name = plain('requester_name');
  const contact = plain('contact');
  return {
    row,
    unitName: row.unit_name,
    maskedName: name ? maskValue(name) : null,
    maskedContact: contact ? maskValue(contact) : null,
    deadlineText: row.status === 'open' ? describeDeadline(status, !!row.due_provisional) : '已答复',
    overdue: row.status === 'open' && status.overdue,
  };
}

/** Units see their own requests; the centre and the bureau (Art. 9 supervision) see every unit's, masked. */
export async function listExplanationRequests(
  uc: UseCaseContext,
  f: { status?: 'open' | 'answered'; overdue?: boolean; unitId?: string; page: number },
): Promise<{ views: ExplanationView[]; total: number }> {
  authorize(uc.actor, 'explanation.read');
  const today = chinaDate(uc.app.clock.now());
  const { rows, total } = await repo.listExplanations(uc.app.db.kysely, unitScope(uc.actor), {
    status: f.status,
    unitId: f.unitId,
    overdueBefore: f.overdue ? today : undefined,
    limit: 50,
    offset: (f.page - 1) * 50,
  });
  const cal = await loadCalendar(uc.app.db);
  return { views: await Promise.all(rows.map((r) => present(uc.app, r, today, cal))), total };
}

export async function getExplanationRequest(uc: UseCaseContext, id: string): Promise<ExplanationView> {
  authorize(uc.actor, 'explanation.read');
  const row = await repo.findExplanation(uc.app.db.kysely, unitScope(uc.actor), id);
  if (!row) throw errors.notFound('说明解释申请');
  return present(uc.app, row, chinaDate(uc.app.clock.now()));
}

/** DATA-02: unmasking the requester's name and contact is its own audited action. */
export async function revealRequester(
  uc: UseCaseContext,
  id: string,
): Promise<{ name: string | null; contact: string | null }> {
  authorize(uc.actor, 'explanation.answer');
  return inTransaction(uc, async (trx, audit) => {
    const row = await repo.findExplanation(trx, unitScope(uc.actor), id);
    if (!row) throw errors.notFound('说明解释申请');
    await audit({
      action: 'explanation.viewed',
      target: { type: 'explanation', id },
      details: { trackingNo: row.tracking_no },
    });
    return {
      name: row.requester_name ? uc.app.fieldCrypto.decrypt(row.requester_name, aad('requester_name', id)) : null,
      contact: row.contact ? uc.app.fieldCrypto.decrypt(row.contact, aad('contact', id)) : null,
    };
  });
}

export interface AnswerInput {
  answer: string;
  /** Suggest publishing the answer as an FAQ of the item (the centre decides). */
  proposeFaq: boolean;
  faqQuestion?: string;
  faqAnswer?: string;
}

export async function answerExplanationRequest(uc: UseCaseContext, id: string, input: AnswerInput): Promise<void> {
  authorize(uc.actor, 'explanation.answer');
  const answer = input.answer.trim();
  if ([...answer].length < 5) throw errors.field('answer', '请填写答复内容（不少于5个字）');
  const faqQuestion = input.faqQuestion?.trim() ?? '';
  const faqAnswer = input.faqAnswer?.trim() || answer;
  if (input.proposeFaq && [...faqQuestion].length < 4)
    throw errors.field('faqQuestion', '发布为常见问题时，请填写面向公众的问题表述（不含个人信息）');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const row = await repo.findExplanation(trx, unitScope(uc.actor), id);
    if (!row) throw errors.notFound('说明解释申请');
    const ok = await repo.updateExplanationIf(
      trx,
      id,
      { status: 'open' },
      {
        status: 'answered',
        answer,
        answered_at: now,
        answered_by: uc.actor.id,
        ...(input.proposeFaq ? { faq_status: 'proposed', faq_question: faqQuestion, faq_answer: faqAnswer } : {}),
      },
    );
    if (!ok) throw errors.invalidState('该申请已答复');
    await audit({
      action: 'explanation.answered',
      target: { type: 'explanation', id },
      details: { trackingNo: row.tracking_no, proposeFaq: input.proposeFaq },
    });
    if (input.proposeFaq) {
      await notifyRoles(
        trx,
        now,
        ['verifier', 'publisher'],
        undefined,
        {
          kind: 'explanation',
          title: `答复建议发布为常见问题：${row.item_name}`,
          link: `/console/faq-approvals/${id}`,
        },
        false,
      );
    }
  });
}

export async function listFaqProposals(
  uc: UseCaseContext,
  status: 'proposed' | 'approved' | 'declined' = 'proposed',
): Promise<ExplanationView[]> {
  authorize(uc.actor, 'explanation.approve_faq');
  const { rows } = await repo.listExplanations(
    uc.app.db.kysely,
    { kind: 'all' },
    { faqStatus: status, limit: 100, offset: 0 },
  );
  const today = chinaDate(uc.app.clock.now());
  const cal = await loadCalendar(uc.app.db);
  return Promise.all(rows.map((r) => present(uc.app, r, today, cal)));
}

export async function getFaqProposal(uc: UseCaseContext, id: string): Promise<ExplanationView> {
  authorize(uc.actor, 'explanation.approve_faq');
  const row = await repo.findExplanation(uc.app.db.kysely, { kind: 'all' }, id);
  if (!row || row.faq_status === 'none') throw errors.notFound('常见问题建议');
  return present(uc.app, row, chinaDate(uc.app.clock.now()));
}

export interface FaqDecision {
  approve: boolean;
  /** The wording published (the centre may edit the unit's proposal). */
  question?: string;
  answer?: string;
  note?: string;
}

/**
 * The centre approves or declines a proposed FAQ. Approval adds it to the unit's working version when there
 * is one; otherwise it publishes a new version, which only a publisher (`item.publish`) may do (see addApprovedFaq).
 */
export async function decideFaq(uc: UseCaseContext, id: string, d: FaqDecision): Promise<FaqOutcome | null> {
  authorize(uc.actor, 'explanation.approve_faq');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const row = await repo.findExplanation(trx, { kind: 'all' }, id);
    if (!row || row.faq_status === 'none') throw errors.notFound('常见问题建议');
    const question = (d.question ?? row.faq_question ?? '').trim();
    const answer = (d.answer ?? row.faq_answer ?? '').trim();
    if (d.approve && ([...question].length < 4 || [...answer].length < 2))
      throw errors.field('question', '问题和解答都不能为空');
    if (!d.approve && !d.note?.trim()) throw errors.field('note', '不予发布时请说明理由');
    const outcome = d.approve
      ? await addApprovedFaq(uc.app, trx, {
          itemId: row.item_id,
          faq: { question, answer },
          by: uc.actor.id,
          now,
          mayPublish: can(uc.actor, 'item.publish'),
        })
      : null;
    const ok = await repo.updateExplanationIf(
      trx,
      id,
      { faqStatus: 'proposed' },
      {
        faq_status: d.approve ? 'approved' : 'declined',
        faq_question: question,
        faq_answer: answer,
        faq_decided_at: now,
        faq_decided_by: uc.actor.id,
        faq_note: d.note?.trim() || null,
        faq_seq: outcome?.kind === 'published' ? outcome.seq : null,
      },
    );
    if (!ok) throw errors.invalidState('该建议已处理');
    await audit({
      action: 'explanation.faq_approved',
      target: { type: 'explanation', id },
      reason: d.approve ? undefined : d.note?.trim(),
      details: {
        trackingNo: row.tracking_no,
        approved: d.approve,
        item: row.item_id,
        outcome: outcome?.kind,
        seq: outcome?.kind === 'published' ? outcome.seq : undefined,
      },
    });
    if (outcome?.kind === 'published')
      await audit({
        action: 'item.published',
        target: { type: 'item', id: row.item_id },
        details: { version: outcome.version, via: 'faq', explanation: row.tracking_no },
      });
    return outcome;
  });
}
