import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { signUpVerified, type SignedInUser } from '../helpers/users';

// Names are shown to other people; characters that reorder or hide text would let one pose as
// another (or flip the text beside the name), so the profile refuses them like sign-up does.
let app: TestApp;
let user: SignedInUser;
beforeAll(async () => {
	app = await startTestApp();
	user = await signUpVerified(app);
});
afterAll(() => app.stop());

const rename = (fullName: string) =>
	app.fetch('/api/users/profile', {
		method: 'PUT',
		headers: { ...user.auth, 'content-type': 'application/json' },
		body: JSON.stringify({ fullName })
	});

describe('display names on the profile', () => {
	const refused: [string, string][] = [
		['a right-to-left override', 'Robert \u202Enamuhcs'],
		['a pop directional formatting', 'Robert\u202C Schumann'],
		['a first-strong isolate', 'Robert \u2068Schumann\u2069'],
		['a zero-width joiner', 'Rob\u200Dert Schumann'],
		['a word joiner', 'Robert\u2060Schumann'],
		['a byte-order mark inside the name', 'Robert\uFEFFSchumann'],
		['a line break inside the name', 'Robert\nSchumann'],
		['an escape character', 'Robert \u001b[31mSchumann']
	];
	for (const [what, fullName] of refused) {
		it(`refuses a name with ${what}, naming fullName, and keeps the old name`, async () => {
			const response = await rename(fullName);
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'fullName' });
			const row = await app.ctx.db.selectFrom('users').select('full_name').where('id', '=', user.user.id).executeTakeFirstOrThrow();
			expect(row.full_name).toBe(user.user.fullName);
		});
	}

	it('accepts names in any script, with accents and right-to-left letters', async () => {
		for (const fullName of ['Clara Josephine Wieck-Schumann', 'Антонин Дворжак', 'فيروز', 'Zoë O’Brien']) {
			const response = await rename(fullName);
			expect(response.status).toBe(200);
			expect(((await response.json()) as { user: { fullName: string } }).user.fullName).toBe(fullName);
		}
	});
});
