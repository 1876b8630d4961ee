import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { currentTotp } from '../../src/accounts/totp.js';
import { buildApp, type App } from '../../src/http/app.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

/** Flips the lowest bit of the first byte of one base64url part of a field-crypto envelope (v1.iv.ct.tag). */
function flipBit(envelope: string, part: 1 | 2 | 3): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

const mfaAad = (id: string) => `users.mfa_secret:${id}`;

for (const dialect of testDialects()) {
  describe(`[${dialect}] cryptography at rest and ACL integrity`, () => {
    let t: TestContext;
    let app: App;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    /** Enrols TOTP through the API, as the console does, and returns the secret the user's app received. */
    async function enrolledVerifier(ip: string): Promise<{ id: string; username: string; secret: string }> {
      const acc = await makeAccount(t.ctx, ['verifier'], null, { enrolled: false });
      const c = new Client(app, ip);
      await c.post('/api/v1/auth/login', { username: acc.username, password: acc.initialPassword });
      const secret = (await c.post('/api/v1/auth/mfa/enroll')).json().secret as string;
      assert.equal(
        (await c.post('/api/v1/auth/mfa/confirm', { code: currentTotp(secret, t.clock.now()) })).json().stage,
        'password_change',
      );
      assert.equal(
        (
          await c.post('/api/v1/auth/password', {
            currentPassword: acc.initialPassword,
            newPassword: 'Verifier-Pass-77',
          })
        ).json().stage,
        'full',
      );
      return { id: acc.id, username: acc.username, secret };
    }

    it('CRY-04: a bit flip in the IV, the ciphertext or the MAC makes decryption throw; no plaintext comes back', () => {
      const crypto = t.ctx.fieldCrypto;
      const envelope = crypto.encrypt('13800138000', 'explanations.phone:row-1');
      assert.equal(crypto.decrypt(envelope, 'explanations.phone:row-1'), '13800138000');
      for (const part of [1, 2, 3] as const) {
        assert.throws(
          () => crypto.decrypt(flipBit(envelope, part), 'explanations.phone:row-1'),
          /authentication failed/,
          `part ${part}`,
        );
      }
      assert.throws(
        () => crypto.decrypt(envelope.split('.').slice(0, 3).join('.'), 'explanations.phone:row-1'),
        /malformed/,
      );
    });

    it('CRY-04: the same plaintext encrypts differently each time (random IV)', () => {
      const a = t.ctx.fieldCrypto.encrypt('13800138000', 'x');
      const b = t.ctx.fieldCrypto.encrypt('13800138000', 'x');
      assert.notEqual(a, b);
      assert.notEqual(a.split('.')[1], b.split('.')[1]);
    });

    it("CRY-04: swapping two rows' stored TOTP ciphertexts fails the MAC (row id and column are the AAD)", async () => {
      const a = await enrolledVerifier('10.6.0.1');
      const b = await enrolledVerifier('10.6.0.2');
      const rows = await t.ctx.db.kysely
        .selectFrom('users')
        .select(['id', 'mfa_secret'])
        .where('id', 'in', [a.id, b.id])
        .execute();
      const stored = new Map(rows.map((r) => [r.id, r.mfa_secret!]));
      assert.equal(t.ctx.fieldCrypto.decrypt(stored.get(a.id)!, mfaAad(a.id)), a.secret);
      assert.throws(() => t.ctx.fieldCrypto.decrypt(stored.get(b.id)!, mfaAad(a.id)), /authentication failed/);
      assert.throws(() => t.ctx.fieldCrypto.decrypt(stored.get(a.id)!, mfaAad(b.id)), /authentication failed/);
      assert.throws(
        () => t.ctx.fieldCrypto.decrypt(stored.get(a.id)!, `users.email:${a.id}`),
        /authentication failed/,
        'another column of the same row',
      );
    });

    it('CRY-05: a TOTP secret stored for an account is not in the database in plain text', async () => {
      const { secret, username } = await enrolledVerifier('10.6.0.3');
      if (dialect === 'sqlite') {
        const file = t.ctx.config.db.kind === 'sqlite' ? t.ctx.config.db.file : '';
        await sql`pragma wal_checkpoint(FULL)`.execute(t.ctx.db.kysely);
        const bytes = Buffer.concat(
          [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
        );
        assert.notEqual(bytes.indexOf(username), -1, 'control: plain columns of the same row are found this way');
        assert.equal(bytes.indexOf(secret), -1, 'the base32 secret is not in the SQLite file or its WAL');
      } else {
        const dump = await sql<{ row: string }>`select t::text as row from users t`.execute(t.ctx.db.kysely);
        assert.ok(
          dump.rows.some((r) => r.row.includes(username)),
          'control: plain columns of the same row are found this way',
        );
        assert.ok(
          dump.rows.every((r) => !r.row.includes(secret)),
          'the base32 secret is not in any users row',
        );
      }
    });

    it('CRY-07: a grant edited directly in SQL (acl_mac not recomputed) is refused at the next request, and audited', async () => {
      const unit = await makeUnit(t.ctx);
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unit.id);
      const c = await signedIn(app, acc, t.clock, '10.6.0.4');
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
      await t.ctx.db.kysely.updateTable('users').set({ roles: 'secadmin' }).where('id', '=', acc.id).execute();

      const res = await c.get('/api/v1/accounts');
      assert.equal(res.statusCode, 401);
      assert.equal((await c.get('/api/v1/items')).statusCode, 401, 'the session is gone');
      const denied = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.denied')
        .where('target_id', '=', acc.id)
        .execute();
      assert.equal(denied.length, 1);
      assert.equal(denied[0]!.reason, 'acl_integrity');
      const relogin = await new Client(app, '10.6.0.4').post('/api/v1/auth/login', {
        username: acc.username,
        password: acc.password,
      });
      assert.equal(relogin.statusCode, 401, 'signing in again does not help either');
    });
  });
}
