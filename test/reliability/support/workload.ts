import { prngFor, type Prng } from '../../../src/demo/data/prng.js';
import { itemCode } from '../../../src/publishing/public.queries.js';
import { licenceContent } from '../../support/factories.js';
import type { Staff } from './district.js';
import { RemoteClient, type Reply } from './remote-client.js';

/** The demo's seeded generator: the same seed gives the same stream of operations and kill moments. */
export const seeded = (seed: number): Prng => prngFor(`reliability:${seed}`);
export type Rand = Prng;

const DIGITS = '零一二三四五六七八九';
/** A unique Chinese item name (the search index is Chinese n-grams, so the name must be findable as such). */
const nameOf = (n: number) => `可靠性测试事项${[...String(n)].map((d) => DIGITS[Number(d)]).join('')}号`;

/** The name in the item's working version (a published item keeps its public name until the next publication). */
const workingName = (r: Reply): string => r.json().content.name;

/** What the harness knows an item to be: only acknowledged answers move it. */
export interface Snapshot {
  version: number;
  state: string;
  name: string;
}
export interface ModelItem extends Snapshot {
  id: string;
  unit: number;
  code: string;
  catalogCode: string;
  published: boolean;
  busy: boolean;
}

/** An operation whose answer never came (the server died): its effect must be all there or not there at all. */
interface Uncertain {
  item: ModelItem;
  before: Snapshot;
  after: Snapshot;
}

export interface WorkloadFigures {
  acknowledged: number;
  uncertain: number;
  unexpected: string[];
}

/**
 * A seeded stream of staff and public writes against a server process: creating and editing items,
 * submit → verify → publish, change requests on published items and public explanation requests.
 * Operations on one item are sequential (a lane picks an idle item), so each item has at most one
 * operation in flight when the process dies, and its stored state must be exactly before or after it.
 */
export class Workload {
  items: ModelItem[] = [];
  /** Names of items whose creation was in flight at a kill: each exists at most once. */
  uncertainCreates: string[] = [];
  changeRequests: string[] = [];
  explanations: string[] = [];
  uncertainExplanations = 0;
  figures: WorkloadFigures = { acknowledged: 0, uncertain: 0, unexpected: [] };
  private uncertain: Uncertain[] = [];
  private created = 0;
  private readonly today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  constructor(
    readonly rand: Rand,
    readonly staff: Staff,
    readonly base: () => string,
    readonly tag: number,
  ) {}

  /** Runs `lanes` concurrent lanes until `stop()` returns true; a failed request (the kill) ends a lane. */
  async run(lanes: number, stop: () => boolean): Promise<void> {
    await Promise.all(Array.from({ length: lanes }, (_, lane) => this.lane(lane, stop)));
  }

  private async lane(lane: number, stop: () => boolean): Promise<void> {
    while (!stop()) {
      const unit = lane % this.staff.clerks.length;
      const mine = this.items.filter((i) => i.unit === unit && !i.busy);
      const published = this.items.filter((i) => i.published && !i.busy);
      const r = this.rand.next();
      let ok: boolean;
      if (mine.length < 2 || r < 0.12) ok = await this.create(unit);
      else if (r < 0.2 && published.length) ok = await this.explain(this.rand.pick(published));
      else ok = await this.advance(this.rand.pick(mine));
      if (!ok) return;
    }
  }

  /** Sends one request; false when it got no answer (the process died), recording what was in flight. */
  private async send(
    what: string,
    fn: () => Promise<Reply>,
    expect: number,
    onAnswer: (r: Reply) => void,
    onLost: () => void,
  ): Promise<boolean> {
    let reply: Reply;
    try {
      reply = await fn();
    } catch {
      this.figures.uncertain++;
      onLost();
      return false;
    }
    if (reply.status !== expect) {
      this.figures.unexpected.push(`${what}: ${reply.status} ${reply.body.slice(0, 300)}`);
      return reply.status < 500;
    }
    this.figures.acknowledged++;
    onAnswer(reply);
    return true;
  }

  private create(unit: number): Promise<boolean> {
    const n = ++this.created;
    const name = nameOf(this.tag * 100_000 + n);
    const catalogCode = `0${String(this.tag).padStart(5, '0')}${String(n).padStart(6, '0')}`;
    return this.send(
      'create',
      () =>
        this.staff.clerks[unit]!.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ name, catalogCode }),
        }),
      201,
      (r) => {
        const b = r.json();
        this.items.push({
          id: b.id,
          unit,
          code: itemCode(b.taskCode, b.handlingCode),
          catalogCode,
          version: b.version,
          state: b.workflowState,
          name,
          published: false,
          busy: false,
        });
      },
      () => this.uncertainCreates.push(name),
    );
  }

  private async advance(item: ModelItem): Promise<boolean> {
    const clerk = this.staff.clerks[item.unit]!;
    const step = (
      client: RemoteClient,
      what: string,
      url: string,
      body: unknown,
      after: Partial<Snapshot>,
      expect = 200,
      onAnswer?: (r: Reply) => void,
    ) => {
      const before: Snapshot = { version: item.version, state: item.state, name: item.name };
      item.busy = true;
      return this.send(
        what,
        () => client.post(url, body),
        expect,
        (r) => {
          onAnswer?.(r);
          if (expect === 201) Object.assign(item, { version: item.version + 1, state: 'draft' });
          else Object.assign(item, { version: r.json().version, state: r.json().workflowState, name: workingName(r) });
          item.busy = false;
        },
        () => this.uncertain.push({ item, before, after: { ...before, version: before.version + 1, ...after } }),
      );
    };
    switch (item.state) {
      case 'draft':
      case 'returned':
        if (this.rand.next() < 0.5) {
          const name = nameOf(this.tag * 100_000 + ++this.created);
          const before: Snapshot = { version: item.version, state: item.state, name: item.name };
          item.busy = true;
          return this.send(
            'edit',
            () =>
              clerk.put(`/api/v1/items/${item.id}`, {
                version: item.version,
                content: licenceContent({ name, catalogCode: item.catalogCode }),
              }),
            200,
            (r) => {
              Object.assign(item, {
                version: r.json().version,
                state: r.json().workflowState,
                name: workingName(r),
                busy: false,
              });
            },
            () => this.uncertain.push({ item, before, after: { version: before.version + 1, state: 'draft', name } }),
          );
        }
        return step(clerk, 'submit', `/api/v1/items/${item.id}/submit`, { attestation: true }, { state: 'submitted' });
      case 'submitted':
        return step(this.staff.verifier, 'verify', `/api/v1/items/${item.id}/verify`, {}, { state: 'verified' });
      case 'verified':
        return step(
          this.staff.publisher,
          'publish',
          `/api/v1/items/${item.id}/publish`,
          {},
          { state: 'published' },
          200,
          () => void (item.published = true),
        );
      case 'published':
        return step(
          clerk,
          'change request',
          '/api/v1/changes',
          {
            kind: 'change',
            itemId: item.id,
            ground: 'art18.3',
            groundArisenOn: this.today,
            summary: '可靠性测试：依据调整',
          },
          { state: 'draft' },
          201,
          (r) => void this.changeRequests.push(r.json().id),
        );
      default:
        this.figures.unexpected.push(`item ${item.id} in unexpected state ${item.state}`);
        return false;
    }
  }

  /** A member of the public asks for an explanation on the guide page (form token, same origin, own address). */
  private async explain(item: ModelItem): Promise<boolean> {
    const visitor = new RemoteClient(
      this.base,
      `10.${this.rand.int(0, 255)}.${this.rand.int(0, 255)}.${this.rand.int(1, 254)}`,
    );
    let token: string | undefined;
    const ok = await this.send(
      'guide page',
      () => visitor.get(`/items/${item.code}`),
      200,
      (r) => void (token = /name="_form" value="([^"]+)"/.exec(r.body)?.[1]),
      () => {},
    );
    if (!ok || !token) return ok;
    const form = new URLSearchParams({
      _form: token,
      question: '请问可靠性测试事项的办理条件如何理解？',
      name: '张三',
      contact: '13800000000',
    }).toString();
    return this.send(
      'explanation request',
      () =>
        visitor.request('POST', `/items/${item.code}/explanations`, form, {
          'content-type': 'application/x-www-form-urlencoded',
          origin: this.base(),
          accept: 'text/html',
        }),
      201,
      (r) => void this.explanations.push(/id="tracking-no">([^<]+)</.exec(r.body)?.[1] ?? '?'),
      () => void this.uncertainExplanations++,
    );
  }

  /**
   * After a restart: every operation that was in flight at the kill left its item exactly as before or
   * exactly as after (never in between); the model adopts what is stored. Returns the problems found.
   */
  async resolveUncertain(): Promise<string[]> {
    const problems: string[] = [];
    for (const u of this.uncertain.splice(0)) {
      const r = await this.staff.clerks[u.item.unit]!.get(`/api/v1/items/${u.item.id}`);
      if (r.status !== 200) {
        problems.push(`item ${u.item.id}: ${r.status} after restart`);
        continue;
      }
      const b = r.json();
      const now: Snapshot = { version: b.version, state: b.workflowState, name: b.content.name };
      const same = (s: Snapshot) => s.version === now.version && s.state === now.state && s.name === now.name;
      if (!same(u.before) && !same(u.after))
        problems.push(
          `item ${u.item.id}: stored ${JSON.stringify(now)} is neither ${JSON.stringify(u.before)} nor ${JSON.stringify(u.after)}`,
        );
      Object.assign(u.item, now, {
        busy: false,
        published: u.item.published || now.state === 'published' || b.published !== null,
      });
    }
    return problems;
  }
}
