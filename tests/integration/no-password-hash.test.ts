import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { validateSessionToken } from '../../src/lib/server/auth/session.service';
import { publicUserColumns, sessionUserColumns, type SessionUser } from '../../src/lib/server/db/schema';
import { searchTeachers } from '../../src/lib/server/users/users.repository';
import { getVisibleUser, updateProfile } from '../../src/lib/server/users/users.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// The password hash stays in the database: the session lookup, the teacher search and what a
// profile action writes into `locals.user` never read it, and no page or API answer carries it.

let app: TestApp;
let teacher: SignedInUser;
let student: SignedInUser;
/** The teacher's stored argon2id hash, read straight from the table. */
let storedHash: string;
beforeAll(async () => {
	app = await startTestApp({ rateLimits: { registrationsPerIp: 100 } });
	teacher = await signUpVerified(app, { role: 'teacher', fullName: 'Clara Schumann' });
	student = await signUpVerified(app);
	const instruments = await app.fetch('/api/users/profile', {
		method: 'PUT',
		headers: { 'content-type': 'application/json', ...teacher.auth },
		body: JSON.stringify({ instruments: ['Piano'], bio: 'Pianist.' })
	});
	expect(instruments.status).toBe(200);
	const row = await app.ctx.db.selectFrom('users').select('password').where('id', '=', teacher.user.id).executeTakeFirstOrThrow();
	storedHash = row.password;
	expect(storedHash).toStartWith('$argon2');
});
afterAll(() => app.stop());

/** Fails when a body holds the hash, any argon2 hash, or a `password` key. */
function expectNoHash(where: string, body: string) {
	expect({ where, hasHash: body.includes(storedHash) }).toEqual({ where, hasHash: false });
	expect({ where, argon2: body.includes('$argon2') }).toEqual({ where, argon2: false });
	expect({ where, passwordKey: /["']?password["']?\s*:/.test(body) }).toEqual({ where, passwordKey: false });
}

describe('the session user', () => {
	it('is read without the password hash', async () => {
		const valid = await validateSessionToken(app.ctx.db, teacher.token);
		expect(valid).toBeDefined();
		expect(Object.keys(valid!.user).sort()).toEqual([...sessionUserColumns].sort());
		expect(valid!.user).not.toHaveProperty('password');
		// A compile-time check as well (`bun run check`): SessionUser has no such field.
		// @ts-expect-error password is not part of SessionUser
		expect((valid!.user as SessionUser).password).toBeUndefined();
	});

	it('comes back from a profile update without the hash', async () => {
		const updated = await updateProfile(app.ctx, teacher.user.id, { bio: 'Pianist and composer.' });
		expect(Object.keys(updated).sort()).toEqual([...sessionUserColumns].sort());
		expect(Object.keys(await updateProfile(app.ctx, teacher.user.id, {})).sort()).toEqual(
			[...sessionUserColumns].sort()
		);
		expect(Object.keys(await getVisibleUser(app.ctx, teacher.user.id))).not.toContain('password');
	});

	it('is never selected whole by the teacher search', async () => {
		const rows = await searchTeachers(app.ctx.db, { query: 'Clara', limit: 5 });
		expect(rows.map((r) => r.id)).toEqual([teacher.user.id]);
		expect(Object.keys(rows[0]!).sort()).toEqual([...publicUserColumns].sort());
	});
});

describe('what a signed-in user receives', () => {
	const cookie = () => ({ cookie: `classcast_session=${teacher.token}` });
	const pages = () => [
		'/',
		'/home',
		'/messages',
		'/profile',
		'/teachers',
		'/teachers?q=Clara&instrument=piano',
		'/videos',
		`/users/${teacher.user.id}`,
		`/users/${student.user.id}`,
		'/relationships/students',
		'/relationships/teachers',
		'/progress',
		'/login',
		'/signup'
	];
	/** SvelteKit's serialized load data of a page: `<path>/__data.json`. */
	const dataUrl = (page: string) => {
		const url = new URL(page, 'http://x');
		return `${url.pathname === '/' ? '' : url.pathname}/__data.json${url.search}`;
	};

	it('holds no password hash in any page or its serialized data', async () => {
		for (const page of pages()) {
			const html = await app.fetch(page, { headers: cookie() });
			expect([200, 303]).toContain(html.status);
			expectNoHash(page, await html.text());
			const data = await app.fetch(dataUrl(page), { headers: cookie() });
			expect({ page, status: data.status }).toEqual({ page, status: 200 });
			expectNoHash(dataUrl(page), await data.text());
		}
		// The signed-in pages do serialize the user (so this looks where the hash would be).
		expect(await (await app.fetch('/home/__data.json', { headers: cookie() })).text()).toContain(teacher.email);
	});

	it('holds no password hash in the page a profile action renders', async () => {
		const form = new URLSearchParams({ fullName: 'Clara Wieck', bio: 'Pianist.', instruments: 'Piano', experienceLevel: '' });
		const headers = { ...cookie(), origin: app.url, 'content-type': 'application/x-www-form-urlencoded' };
		// Without JavaScript: the page is rendered after the action, from the updated `locals.user`.
		const plain = await app.fetch('/profile?/save', {
			method: 'POST',
			headers: { ...headers, accept: 'text/html' },
			body: form
		});
		expect(plain.status).toBe(200);
		const html = await plain.text();
		expect(html).toContain('Clara Wieck');
		expectNoHash('POST /profile?/save', html);
		// With JavaScript: the action's JSON result.
		const enhanced = await app.fetch('/profile?/save', {
			method: 'POST',
			headers: { ...headers, 'x-sveltekit-action': 'true' },
			body: form
		});
		expect(enhanced.status).toBe(200);
		expectNoHash('POST /profile?/save (enhanced)', await enhanced.text());
	});

	it('holds no password hash in any API answer', async () => {
		const json = { 'content-type': 'application/json' };
		const answers: [string, Promise<Response>][] = [
			['GET /api/auth/me', app.fetch('/api/auth/me', { headers: teacher.auth })],
			['GET /api/users/profile', app.fetch('/api/users/profile', { headers: teacher.auth })],
			[
				'PUT /api/users/profile',
				app.fetch('/api/users/profile', {
					method: 'PUT',
					headers: { ...json, ...teacher.auth },
					body: JSON.stringify({ fullName: 'Clara Schumann' })
				})
			],
			['GET /api/users/{id}', app.fetch(`/api/users/${teacher.user.id}`, { headers: student.auth })],
			['GET /api/users/teachers', app.fetch('/api/users/teachers?q=Clara&instrument=piano', { headers: student.auth })],
			[
				'POST /api/auth/login',
				app.fetch('/api/auth/login', {
					method: 'POST',
					headers: json,
					body: JSON.stringify({ login: teacher.username, password: teacher.password })
				})
			]
		];
		for (const [name, pending] of answers) {
			const response = await pending;
			expect({ name, status: response.status }).toEqual({ name, status: 200 });
			expectNoHash(name, await response.text());
		}
	});
});
