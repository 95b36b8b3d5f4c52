import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { purgeExpiredCredentials } from '../../src/lib/server/auth/cleanup';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { startTestApp, type TestApp } from '../helpers/app';
import { login, register, signUpVerified, tokenFromOutbox } from '../helpers/users';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.stop());

describe('purgeExpiredCredentials', () => {
	it('deletes expired sessions and long-dead e-mail tokens, and keeps live ones', async () => {
		const user = await signUpVerified(app);
		const stale = await login(app, user.username, user.password);
		await app.ctx.db
			.updateTable('sessions')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where('id', '=', hashToken(stale.token))
			.execute();
		const pending = await register(app);
		const liveToken = hashToken(tokenFromOutbox(app, pending.email, 'verify-email'));
		const old = new Date(Date.now() - 8 * 24 * 3600 * 1000);
		await app.ctx.db.updateTable('email_tokens').set({ used_at: old }).where('user_id', '=', user.user.id).execute();

		const removed = await purgeExpiredCredentials(app.ctx.db);
		expect(removed.sessions).toBeGreaterThanOrEqual(1);
		expect(removed.emailTokens).toBeGreaterThanOrEqual(1);

		const sessions = await app.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user.user.id).execute();
		expect(sessions.map((s) => s.id)).toEqual([hashToken(user.token)]);
		const tokens = await app.ctx.db.selectFrom('email_tokens').select(['user_id', 'token_hash']).execute();
		expect(tokens.some((t) => t.user_id === user.user.id)).toBe(false);
		expect(tokens.some((t) => t.token_hash === liveToken)).toBe(true);
		expect((await app.fetch('/api/auth/me', { headers: user.auth })).status).toBe(200);
	});
});
