import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { tusCreate } from '../helpers/uploads';
import { signUpVerified } from '../helpers/users';

// Starting uploads costs disk: each user may start UPLOAD_MAX_PER_HOUR of them (tus creations and
// multipart videos alike), even when the requests arrive at once.
let app: TestApp;
beforeAll(async () => {
	app = await startTestApp({ rateLimits: { uploadsPerHour: 3 } });
});
afterAll(() => app.stop());

describe('upload limit per user', () => {
	it('lets exactly the limit of parallel tus creations through, refuses the rest with Retry-After, and counts per user', async () => {
		const [ana, ben] = [await signUpVerified(app), await signUpVerified(app)];
		const results = await Promise.all(Array.from({ length: 6 }, () => tusCreate(app, ana.auth, 100)));
		const statuses = results.map((r) => r.response.status).sort();
		expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
		const refused = results.find((r) => r.response.status === 429)?.response as Response;
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(refused.headers.get('tus-resumable')).toBe('1.0.0');
		expect((await errorOf(refused)).code).toBe('rate_limited');
		const created = await app.ctx.db.selectFrom('uploads').select('id').where('user_id', '=', ana.user.id).execute();
		expect(created).toHaveLength(3);
		// Someone else's count is their own.
		expect((await tusCreate(app, ben.auth, 100)).response.status).toBe(201);
	});

	it('counts a multipart video as an upload, before reading its body', async () => {
		const cara = await signUpVerified(app);
		for (let i = 0; i < 3; i++) expect((await tusCreate(app, cara.auth, 100)).response.status).toBe(201);
		const form = new FormData();
		form.set('title', 'One too many');
		form.set('file', new Blob([new Uint8Array(1000)], { type: 'video/mp4' }), 'take.mp4');
		const response = await app.fetch('/api/videos', { method: 'POST', headers: cara.auth, body: form });
		expect(response.status).toBe(429);
		expect(await app.ctx.db.selectFrom('videos').select('id').where('user_id', '=', cara.user.id).execute()).toEqual([]);
	});
});
