import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { newUserFields, postJson } from '../helpers/users';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.stop());


describe('POST /api/auth/register', () => {
	it('creates an unverified account and mails a verification link', async () => {
		const fields = newUserFields({ role: 'teacher' });
		const response = await postJson(app, '/api/auth/register', fields);
		expect(response.status).toBe(201);
		const text = await response.text();
		expect(text).not.toContain('password');
		expect(text).not.toContain('$argon2');
		const { user } = JSON.parse(text);
		expect(user).toMatchObject({ email: fields.email, username: fields.username, role: 'teacher', verified: false });

		const row = await app.ctx.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
		expect(row.password.startsWith('$argon2id$')).toBe(true);
		expect(row.password).toContain('m=19456,t=2');
		expect(row.password).not.toContain(fields.password);

		const mail = app.outbox.latestTo(fields.email);
		expect(mail?.text).toMatch(/\/verify-email\?token=[a-z2-7]{52}/);
		const tokens = await app.ctx.db.selectFrom('email_tokens').selectAll().where('user_id', '=', user.id).execute();
		expect(tokens).toHaveLength(1);
		expect(mail?.text).not.toContain(tokens[0]!.token_hash);

		const events = await app.ctx.db.selectFrom('auth_events').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
		expect(events.map((e) => [e.kind, e.success])).toEqual([['register', true]]);
	});

	it('refuses a second account with the same e-mail, in any case, with 409 naming the field', async () => {
		const fields = newUserFields();
		expect((await postJson(app, '/api/auth/register', fields)).status).toBe(201);
		const again = await postJson(app, '/api/auth/register', {
			...newUserFields(),
			email: fields.email.toUpperCase()
		});
		expect(again.status).toBe(409);
		expect(await errorOf(again)).toMatchObject({ code: 'conflict', field: 'email' });
	});

	it('refuses a taken username regardless of case', async () => {
		const fields = newUserFields();
		await postJson(app, '/api/auth/register', fields);
		const again = await postJson(app, '/api/auth/register', { ...newUserFields(), username: fields.username.toUpperCase() });
		expect(again.status).toBe(409);
		expect((await errorOf(again)).field).toBe('username');
	});

	const invalidCases: [string, Record<string, unknown>, string][] = [
		['a short password', { password: 'short1!' }, 'password'],
		['an over-long password', { password: 'x'.repeat(257) }, 'password'],
		['a common password', { password: 'password123' }, 'password'],
		['a password made of the username', { username: 'marimba_player', password: 'marimba_player_1' }, 'password'],
		['a malformed e-mail', { email: 'not-an-email' }, 'email'],
		['a username with spaces', { username: 'has space' }, 'username'],
		['a two-letter username', { username: 'ab' }, 'username'],
		['a 51-letter username', { username: 'a'.repeat(51) }, 'username'],
		['the admin role', { role: 'admin' }, 'role'],
		['an e-mail of the wrong type', { email: 42 }, 'email'],
		['a missing full name', { fullName: undefined }, 'fullName'],
		['a blank full name', { fullName: '   ' }, 'fullName'],
		['a NUL character in the full name', { fullName: 'Clara\u0000Wieck' }, 'fullName'],
		['a right-to-left override in the full name', { fullName: 'Clara \u202Ekceiw' }, 'fullName'],
		['a left-to-right isolate in the full name', { fullName: 'Clara \u2066Wieck' }, 'fullName'],
		['a zero-width space in the full name', { fullName: 'Cla\u200Bra Wieck' }, 'fullName'],
		['a zero-width no-break space inside the full name', { fullName: 'Clara\uFEFF Wieck' }, 'fullName'],
		['a tab inside the full name', { fullName: 'Clara\tWieck' }, 'fullName']
	];
	for (const [name, change, field] of invalidCases) {
		it(`answers 400 naming ${field} for ${name}`, async () => {
			const response = await postJson(app, '/api/auth/register', { ...newUserFields(), ...change });
			expect(response.status).toBe(400);
			const error = await errorOf(response);
			expect(error.code).toBe('invalid_input');
			expect(error.field).toBe(field);
			expect(error.message.length).toBeGreaterThan(5);
		});
	}

	it('answers 400 for malformed JSON, never 500', async () => {
		const response = await app.fetch('/api/auth/register', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"email": "a@b.c",'
		});
		expect(response.status).toBe(400);
		expect((await errorOf(response)).code).toBe('invalid_json');
	});

	it('answers 400 for a JSON array or null body', async () => {
		for (const body of ['[]', 'null', '"text"']) {
			const response = await app.fetch('/api/auth/register', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body
			});
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toMatchObject({ code: 'invalid_json', field: 'body' });
		}
	});

	it('answers 415 for a body that is not JSON', async () => {
		const response = await app.fetch('/api/auth/register', {
			method: 'POST',
			headers: { 'content-type': 'text/plain', origin: app.url },
			body: 'email=a'
		});
		expect(response.status).toBe(415);
	});

	it('records refused sign-ups in the audit trail', async () => {
		const fields = newUserFields();
		await postJson(app, '/api/auth/register', fields);
		await postJson(app, '/api/auth/register', { ...newUserFields(), email: fields.email });
		await postJson(app, '/api/auth/register', { ...newUserFields({ email: `weak-${fields.email}` }), password: 'password123' });
		const refused = await app.ctx.db
			.selectFrom('auth_events')
			.select(['login_attempted', 'reason'])
			.where('kind', '=', 'register')
			.where('success', '=', false)
			.where('login_attempted', 'in', [fields.email, `weak-${fields.email}`])
			.orderBy('id')
			.execute();
		expect(refused).toEqual([
			{ login_attempted: fields.email, reason: 'conflict' },
			{ login_attempted: `weak-${fields.email}`, reason: 'invalid_input' }
		]);
	});

	it('writes nothing on bad input: the answer names the field and no account or token is made', async () => {
		const fields = newUserFields({ password: 'password123' });
		const response = await postJson(app, '/api/auth/register', fields);
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'password' });
		const row = await app.ctx.db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst();
		expect(row).toBeUndefined();
		expect(app.outbox.latestTo(fields.email)).toBeUndefined();
	});
});

describe('sign-up rate limit', () => {
	let limited: TestApp;
	beforeAll(async () => {
		limited = await startTestApp({ rateLimits: { registrationsPerIp: 2 } });
	});
	afterAll(() => limited.stop());

	it('answers 429 with Retry-After once an address has signed up too often', async () => {
		expect((await postJson(limited, '/api/auth/register', newUserFields())).status).toBe(201);
		expect((await postJson(limited, '/api/auth/register', newUserFields())).status).toBe(201);
		const third = await postJson(limited, '/api/auth/register', newUserFields());
		expect(third.status).toBe(429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await errorOf(third)).code).toBe('rate_limited');
	});
});
