import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { postJson, signUpVerified, type SignedInUser } from '../helpers/users';

// A stranger can lock any account with a few wrong passwords; the owner's browser, which has
// signed in before, holds a signed device cookie and is counted on a limit of its own (OWASP,
// "Slow Down Online Guessing Attacks with Device Cookies").

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp({ rateLimits: { loginFailuresPerAccount: 3 } });
});
afterAll(() => app.stop());

const wrong = 'wrong-password-1';

/** The value of the device cookie a response sets, if any. */
function deviceCookieOf(response: Response): string | undefined {
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('classcast_device='));
	return cookie?.split(';')[0]!.slice('classcast_device='.length);
}

const loginFrom = (user: Pick<SignedInUser, 'username'>, password: string, device?: string) =>
	postJson(app, '/api/auth/login', { login: user.username, password }, device ? { cookie: `classcast_device=${device}` } : {});

/** Signs in once from "the owner's browser" and returns the device cookie it keeps. */
async function ownersBrowser(user: SignedInUser): Promise<string> {
	const response = await loginFrom(user, user.password);
	expect(response.status).toBe(200);
	const device = deviceCookieOf(response);
	if (!device) throw new Error('no device cookie');
	return device;
}

async function lockOut(user: SignedInUser) {
	for (let i = 0; i < 3; i++) expect((await loginFrom(user, wrong)).status).toBe(401);
	expect((await loginFrom(user, user.password)).status).toBe(429);
}

describe('device cookies', () => {
	it('sets a long-lived HttpOnly, SameSite=Lax device cookie at a successful login, and none at a failed one', async () => {
		const user = await signUpVerified(app);
		const response = await loginFrom(user, user.password);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('classcast_device='))!;
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(Number(cookie.match(/Max-Age=(\d+)/)?.[1])).toBeGreaterThan(300 * 24 * 3600);
		expect(cookie).toContain(`classcast_device=${user.user.id}.`);
		expect(deviceCookieOf(await loginFrom(user, wrong))).toBeUndefined();
	});

	it("lets the owner's browser sign in while a stranger keeps the account locked", async () => {
		const user = await signUpVerified(app);
		const device = await ownersBrowser(user);
		await lockOut(user);
		const owner = await loginFrom(user, user.password, device);
		expect(owner.status).toBe(200);
		expect(deviceCookieOf(owner)).toBeDefined();
		// The owner's success does not lift the lock for everyone else.
		expect((await loginFrom(user, user.password)).status).toBe(429);
	});

	it("does not hand a stranger a fresh set of guesses when the owner signs in", async () => {
		const user = await signUpVerified(app);
		for (let i = 0; i < 2; i++) expect((await loginFrom(user, wrong)).status).toBe(401);
		// The owner, from a browser without a device cookie: only this attempt's own point comes back.
		expect((await loginFrom(user, user.password)).status).toBe(200);
		expect((await loginFrom(user, wrong)).status).toBe(401);
		expect((await loginFrom(user, wrong)).status).toBe(429);
	});

	it('does not bypass the lock with an altered or forged device cookie', async () => {
		const user = await signUpVerified(app);
		const device = await ownersBrowser(user);
		await lockOut(user);
		const [id, nonce, signature] = device.split('.') as [string, string, string];
		const altered = [
			`${id}.${nonce}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
			`${id}.${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}.${signature}`,
			`${id}.${'A'.repeat(22)}.${'A'.repeat(43)}`,
			`${id}.${nonce}`,
			'garbage'
		];
		for (const forged of altered) expect([forged, (await loginFrom(user, user.password, forged)).status]).toEqual([forged, 429]);
	});

	it("does not bypass the lock with the device cookie of another account", async () => {
		const victim = await signUpVerified(app);
		const attacker = await signUpVerified(app);
		const attackersDevice = await ownersBrowser(attacker);
		await lockOut(victim);
		expect((await loginFrom(victim, victim.password, attackersDevice)).status).toBe(429);
		const swapped = attackersDevice.replace(/^\d+\./, `${victim.user.id}.`);
		expect((await loginFrom(victim, victim.password, swapped)).status).toBe(429);
	});

	it('limits the guesses made with a device cookie on a count of its own', async () => {
		const user = await signUpVerified(app);
		const device = await ownersBrowser(user);
		for (let i = 0; i < 3; i++) expect((await loginFrom(user, wrong, device)).status).toBe(401);
		expect((await loginFrom(user, user.password, device)).status).toBe(429);
		// Those guesses were not held against the account: another browser still gets its tries.
		expect((await loginFrom(user, user.password)).status).toBe(200);
	});

	it('works through the login form too', async () => {
		const user = await signUpVerified(app);
		const submit = (password: string, device?: string) =>
			app.fetch('/login', {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'text/html',
					origin: app.url,
					...(device ? { cookie: `classcast_device=${device}` } : {})
				},
				body: new URLSearchParams({ login: user.username, password })
			});
		const first = await submit(user.password);
		expect(first.status).toBe(303);
		const device = deviceCookieOf(first);
		expect(device).toBeDefined();
		await lockOut(user);
		expect((await submit(user.password)).status).toBe(429);
		const owner = await submit(user.password, device);
		expect(owner.status).toBe(303);
		expect(owner.headers.getSetCookie().some((c) => c.startsWith('classcast_session='))).toBe(true);
	});
});
