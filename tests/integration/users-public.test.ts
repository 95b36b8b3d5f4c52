import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import type { PublicUser } from '../../src/lib/server/users/users.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { register, signUpVerified, type SignedInUser, type TestUserInput } from '../helpers/users';

let app: TestApp;
let viewer: SignedInUser;
beforeAll(async () => {
	// The file signs up dozens of accounts from the one test address.
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
	viewer = await signUpVerified(app);
});
afterAll(() => app.stop());

type TeacherPage = { teachers: PublicUser[]; nextCursor: string | null };

const PUBLIC_KEYS = [
	'bio',
	'createdAt',
	'experienceLevel',
	'fullName',
	'id',
	'instruments',
	'profileImageUrl',
	'profileThumbnailUrl',
	'role',
	'username'
];

/** A tag of letters unique to one test, put in names and usernames so a search finds only that test's accounts. */
const newTag = () => `Tq${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 8)}`;

async function teacher(input: TestUserInput & { instruments?: string[] }) {
	const signedIn = await signUpVerified(app, { role: 'teacher', ...input });
	if (input.instruments) {
		const response = await app.fetch('/api/users/profile', {
			method: 'PUT',
			headers: { 'content-type': 'application/json', ...signedIn.auth },
			body: JSON.stringify({ instruments: input.instruments })
		});
		expect(response.status).toBe(200);
	}
	return signedIn;
}

const setActive = (id: number, active: boolean) =>
	app.ctx.db.updateTable('users').set({ active }).where('id', '=', id).execute();

function teachersPage(params: Record<string, string | number>, headers: Record<string, string> = viewer.auth) {
	const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
	return app.fetch(`/api/users/teachers?${query}`, { headers });
}

async function teachersOf(params: Record<string, string | number>): Promise<TeacherPage> {
	const response = await teachersPage(params);
	expect(response.status).toBe(200);
	return (await response.json()) as TeacherPage;
}

/** Follows nextCursor to the end, returning every page. */
async function walk(params: Record<string, string | number>): Promise<TeacherPage[]> {
	const pages: TeacherPage[] = [];
	let cursor: string | null = null;
	do {
		const page = await teachersOf(cursor ? { ...params, cursor } : params);
		pages.push(page);
		cursor = page.nextCursor;
		if (pages.length > 1000) throw new Error('the cursor never ends');
	} while (cursor);
	return pages;
}

describe('GET /api/users/{id}', () => {
	it('shows another signed-in user only the public fields', async () => {
		const owner = await signUpVerified(app, { role: 'teacher', fullName: 'Nadia Boulanger' });
		const response = await app.fetch(`/api/users/${owner.user.id}`, { headers: viewer.auth });
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text).not.toContain(owner.email);
		expect(text).not.toContain('password');
		expect(text).not.toContain('$argon2');
		const { user } = JSON.parse(text) as { user: PublicUser };
		expect(Object.keys(user).sort()).toEqual(PUBLIC_KEYS);
		expect(user).toMatchObject({
			id: owner.user.id,
			username: owner.username,
			fullName: 'Nadia Boulanger',
			role: 'teacher',
			instruments: []
		});
		expect(user).not.toHaveProperty('email');
		expect(user).not.toHaveProperty('verified');
		expect(user).not.toHaveProperty('lastLogin');
	});

	it('shows the owner the same public fields of themselves', async () => {
		const owner = await signUpVerified(app);
		const response = await app.fetch(`/api/users/${owner.user.id}`, { headers: owner.auth });
		expect(response.status).toBe(200);
		const { user } = (await response.json()) as { user: PublicUser };
		expect(Object.keys(user).sort()).toEqual(PUBLIC_KEYS);
	});

	it('answers 401 to an anonymous request', async () => {
		const response = await app.fetch(`/api/users/${viewer.user.id}`);
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthorized');
	});

	it('answers 404 for an id no user has', async () => {
		const response = await app.fetch('/api/users/987654', { headers: viewer.auth });
		expect(response.status).toBe(404);
		expect((await errorOf(response)).code).toBe('not_found');
	});

	for (const id of ['abc', '0', '-1', '01', '1.5', '2147483648', '99999999999', '1e3']) {
		it(`answers 404 JSON for the id ${id}, which is not a valid id`, async () => {
			const response = await app.fetch(`/api/users/${id}`, { headers: viewer.auth });
			expect(response.status).toBe(404);
			expect(response.headers.get('content-type')).toContain('application/json');
			expect((await errorOf(response)).code).toBe('not_found');
		});
	}

	it('answers 404 for an account that has not verified its e-mail', async () => {
		const { user } = await register(app, { role: 'teacher' });
		const response = await app.fetch(`/api/users/${user.id}`, { headers: viewer.auth });
		expect(response.status).toBe(404);
		expect((await errorOf(response)).code).toBe('not_found');
	});

	it('answers 404 for a deactivated account', async () => {
		const owner = await signUpVerified(app);
		await setActive(owner.user.id, false);
		const response = await app.fetch(`/api/users/${owner.user.id}`, { headers: viewer.auth });
		expect(response.status).toBe(404);
	});
});

describe('GET /api/users/teachers', () => {
	const tag = newTag();
	const lower = tag.toLowerCase();
	let anna: SignedInUser, bela: SignedInUser, carl: SignedInUser, dora: SignedInUser, emil: SignedInUser;
	beforeAll(async () => {
		// Created out of name order, so that ordering by id would differ from ordering by name.
		dora = await teacher({ fullName: `${tag} Dora`, username: `${lower}_dora` });
		bela = await teacher({ fullName: `${tag} Bela`, username: `${lower}_bela`, instruments: ['cello'] });
		emil = await teacher({ fullName: `${tag} Emil`, username: `flautist_${lower}`, instruments: ['Flute'] });
		anna = await teacher({ fullName: `${tag} Anna`, username: `${lower}_anna`, instruments: ['Piano', 'Cello'] });
		carl = await teacher({ fullName: `${tag} Carl`, username: `${lower}_carl`, instruments: ['Violoncello'] });
		await signUpVerified(app, { role: 'student', fullName: `${tag} Student`, username: `${lower}_student` });
		await register(app, { role: 'teacher', fullName: `${tag} Unverified`, username: `${lower}_unverified` });
	});
	const namesOf = (page: TeacherPage) => page.teachers.map((t) => t.fullName);

	it('lists only verified, active teachers, ordered by name, with public fields', async () => {
		const page = await teachersOf({ q: tag });
		expect(namesOf(page)).toEqual([`${tag} Anna`, `${tag} Bela`, `${tag} Carl`, `${tag} Dora`, `${tag} Emil`]);
		expect(page.nextCursor).toBeNull();
		for (const t of page.teachers) {
			expect(Object.keys(t).sort()).toEqual(PUBLIC_KEYS);
			expect(t.role).toBe('teacher');
		}
		expect(page.teachers.find((t) => t.id === anna.user.id)?.instruments).toEqual(['Piano', 'Cello']);
	});

	it('searches part of the name, ignoring case', async () => {
		expect(namesOf(await teachersOf({ q: `${tag.toUpperCase()} c` }))).toEqual([`${tag} Carl`]);
		expect(namesOf(await teachersOf({ q: `${lower} DOR` }))).toEqual([`${tag} Dora`]);
	});

	it('searches the username', async () => {
		const page = await teachersOf({ q: `FLAUTIST_${tag}` });
		expect(page.teachers.map((t) => t.id)).toEqual([emil.user.id]);
		expect((await teachersOf({ q: `${lower}_bela` })).teachers.map((t) => t.id)).toEqual([bela.user.id]);
	});

	it('takes % and _ in the search text literally', async () => {
		expect((await teachersOf({ q: `${tag}%` })).teachers).toEqual([]);
		// As a wildcard, _ would also match the space in every name, Emil's included.
		expect((await teachersOf({ q: `${lower}_` })).teachers.map((t) => t.id)).toEqual([
			anna.user.id,
			bela.user.id,
			carl.user.id,
			dora.user.id
		]);
	});

	it('finds no student and no unverified teacher, even by their exact name', async () => {
		expect((await teachersOf({ q: `${tag} Student` })).teachers).toEqual([]);
		expect((await teachersOf({ q: `${tag} Unverified` })).teachers).toEqual([]);
	});

	it('filters by an instrument, exactly and ignoring case', async () => {
		expect((await teachersOf({ q: tag, instrument: 'CELLO' })).teachers.map((t) => t.id)).toEqual([
			anna.user.id,
			bela.user.id
		]);
		expect((await teachersOf({ q: tag, instrument: '  flute ' })).teachers.map((t) => t.id)).toEqual([emil.user.id]);
		expect((await teachersOf({ q: tag, instrument: 'Cell' })).teachers).toEqual([]);
		expect((await teachersOf({ q: tag, instrument: 'Harp' })).teachers).toEqual([]);
	});

	it('treats an empty q or instrument as no filter', async () => {
		const page = await teachersOf({ q: tag, instrument: '' });
		expect(page.teachers).toHaveLength(5);
		expect((await teachersOf({ q: '', limit: 100 })).teachers.length).toBeGreaterThanOrEqual(5);
	});

	it('drops a deactivated teacher from the list and ends their session', async () => {
		const leaving = await teacher({ fullName: `${tag} Leaving`, username: `${lower}_leaving` });
		expect(namesOf(await teachersOf({ q: tag }))).toContain(`${tag} Leaving`);
		expect((await app.fetch('/api/auth/me', { headers: leaving.auth })).status).toBe(200);

		await setActive(leaving.user.id, false);
		expect(namesOf(await teachersOf({ q: tag }))).not.toContain(`${tag} Leaving`);
		const me = await app.fetch('/api/auth/me', { headers: leaving.auth });
		expect(me.status).toBe(401);
		expect((await app.fetch('/api/users/teachers', { headers: leaving.auth })).status).toBe(401);

		// The session is gone for good, not merely refused while inactive.
		await setActive(leaving.user.id, true);
		expect((await app.fetch('/api/auth/me', { headers: leaving.auth })).status).toBe(401);
		await setActive(leaving.user.id, false);
	});

	it('answers 401 to an anonymous request', async () => {
		const response = await teachersPage({ q: tag }, {});
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthorized');
	});

	for (const limit of ['0', '101', 'abc', '1.5', '-3']) {
		it(`answers 400 naming limit for limit=${limit}`, async () => {
			const response = await teachersPage({ limit });
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'limit' });
		});
	}

	const badCursors: [string, string][] = [
		['garbage', 'not a cursor!'],
		['base64 of an object', Buffer.from('{"a":1}').toString('base64url')],
		['base64 of a list of the wrong types', Buffer.from('[1,"x"]').toString('base64url')],
		['base64 of a non-integer id', Buffer.from('["Anna",1.5]').toString('base64url')],
		['base64 of text', Buffer.from('hello').toString('base64url')],
		['an id above the integer column', Buffer.from('["Anna",2147483648]').toString('base64url')],
		['an id of 1e20', Buffer.from('["Anna",1e20]').toString('base64url')],
		['an id of 0', Buffer.from('["Anna",0]').toString('base64url')],
		['a NUL character in the name', Buffer.from('["An\\u0000na",1]').toString('base64url')],
		['an over-long cursor', 'a'.repeat(301)]
	];
	for (const [name, cursor] of badCursors) {
		it(`answers 400 naming cursor for ${name}`, async () => {
			const response = await teachersPage({ cursor });
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'cursor' });
		});
	}

	const badFilters: [string, Record<string, string>, string][] = [
		['search text over 100 characters', { q: 'x'.repeat(101) }, 'q'],
		['a NUL character in the search text', { q: 'An\u0000na' }, 'q'],
		['an instrument over 50 characters', { instrument: 'x'.repeat(51) }, 'instrument'],
		['a NUL character in the instrument', { instrument: 'cello\u0000' }, 'instrument']
	];
	for (const [name, params, field] of badFilters) {
		it(`answers 400 naming ${field} for ${name}`, async () => {
			const response = await teachersPage(params);
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', field });
		});
	}
});

describe('GET /api/users/teachers pagination', () => {
	const tag = newTag();
	/** This block's teachers in the order the directory must list them, written out by hand. */
	const expectedOrder: number[] = [];
	beforeAll(async () => {
		const made: Record<string, number[]> = {};
		// Three teachers share one name, so pages must break ties by id (created one after another,
		// so their ids rise in creation order).
		for (const suffix of ['Zora', 'Same', 'Milo', 'Same', 'Alma', 'Same', 'Berta']) {
			const t = await teacher({ fullName: `${tag} ${suffix}` });
			(made[suffix] ??= []).push(t.user.id);
		}
		const [same1, same2, same3] = made['Same']!;
		expect(same1! < same2! && same2! < same3!).toBe(true);
		expectedOrder.push(made['Alma']![0]!, made['Berta']![0]!, made['Milo']![0]!, same1!, same2!, same3!, made['Zora']![0]!);
	});

	it('walks every page by nextCursor: none missing, no duplicates, in name order, null at the end', async () => {
		const pages = await walk({ q: tag, limit: 2 });
		expect(pages.map((p) => p.teachers.length)).toEqual([2, 2, 2, 1]);
		expect(pages.at(-1)!.nextCursor).toBeNull();
		expect(pages.slice(0, -1).every((p) => typeof p.nextCursor === 'string')).toBe(true);
		expect(pages.flatMap((p) => p.teachers.map((t) => t.id))).toEqual(expectedOrder);
	});

	it('ends with nextCursor null when the last page is exactly full', async () => {
		const one = await teachersOf({ q: tag, limit: 7 });
		expect(one.teachers.map((t) => t.id)).toEqual(expectedOrder);
		expect(one.nextCursor).toBeNull();
		const pages = await walk({ q: tag, limit: 1 });
		expect(pages).toHaveLength(7);
		expect(pages.flatMap((p) => p.teachers.map((t) => t.id))).toEqual(expectedOrder);
	});

	it('keeps the filter across pages and starts after the cursor', async () => {
		const first = await teachersOf({ q: tag, limit: 3 });
		const second = await teachersOf({ q: tag, limit: 3, cursor: first.nextCursor! });
		expect(second.teachers.map((t) => t.id)).toEqual(expectedOrder.slice(3, 6));
		// The same cursor with another filter still only returns matches of that filter.
		const other = await teachersOf({ q: `${tag} Zora`, cursor: first.nextCursor! });
		expect(other.teachers.map((t) => t.id)).toEqual(expectedOrder.slice(-1));
	});

	it('pages through the whole list to exactly the verified, active teachers in the database, in order', async () => {
		const pages = await walk({ limit: 5 });
		const ids = pages.flatMap((p) => p.teachers.map((t) => t.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect(pages.at(-1)!.nextCursor).toBeNull();
		// Exactly the verified, active teachers, compared as sets: the order is checked below on
		// names whose order is known, not by repeating the query's ORDER BY.
		const rows = await app.ctx.db
			.selectFrom('users')
			.select('id')
			.where('role', '=', 'teacher')
			.where('verified', '=', true)
			.where('active', '=', true)
			.execute();
		const ascending = (list: number[]) => [...list].sort((a, b) => a - b);
		expect(ascending(ids)).toEqual(ascending(rows.map((r) => r.id)));
		// This block's teachers appear in their known order within the whole list.
		expect(ids.filter((id) => expectedOrder.includes(id))).toEqual(expectedOrder);
		expect(ids.length).toBeGreaterThan(expectedOrder.length);
	});

	it('defaults to 20 teachers a page', async () => {
		for (let i = 0; i < 15; i++) await teacher({ fullName: `${tag} Extra` });
		const page = await teachersOf({ q: tag });
		expect(page.teachers).toHaveLength(20);
		expect(page.nextCursor).not.toBeNull();
		const rest = await teachersOf({ q: tag, cursor: page.nextCursor! });
		expect(rest.teachers).toHaveLength(2);
		expect(rest.nextCursor).toBeNull();
	});
});
