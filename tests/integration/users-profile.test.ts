import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { SelfUser } from '../../src/lib/server/users/users.dto';
import { startTestApp, type TestApp } from '../helpers/app';
import { errorOf } from '../helpers/http';
import { signUpVerified, type SignedInUser } from '../helpers/users';

let app: TestApp;
let viewer: SignedInUser;
beforeAll(async () => {
	// Every test signs up accounts of its own from the one test address.
	app = await startTestApp({ rateLimits: { registrationsPerIp: 1000 } });
	viewer = await signUpVerified(app);
});
afterAll(() => app.stop());

const userOf = async (response: Response) => ((await response.json()) as { user: SelfUser }).user;

const SELF_KEYS = [
	'bio',
	'createdAt',
	'email',
	'experienceLevel',
	'fullName',
	'id',
	'instruments',
	'lastLogin',
	'profileImageUrl',
	'profileThumbnailUrl',
	'role',
	'username',
	'verified'
];

const getProfile = (headers: Record<string, string> = {}) => app.fetch('/api/users/profile', { headers });

const putJson = (body: unknown, headers: Record<string, string> = {}) =>
	app.fetch('/api/users/profile', {
		method: 'PUT',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});

/** A same-origin multipart PUT, as the profile form in the browser sends it. */
const putForm = (form: FormData, headers: Record<string, string> = {}) =>
	app.fetch('/api/users/profile', { method: 'PUT', headers: { origin: app.url, ...headers }, body: form });

const pngFile = async (width = 900, height = 600) =>
	new File(
		[await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer()],
		'photo.png',
		{ type: 'image/png' }
	);

const rowOf = (id: number) => app.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Fetches a media URL as another signed-in user and reads the image it serves. */
async function fetchImage(url: string) {
	const response = await app.fetch(url, { headers: viewer.auth });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe('image/jpeg');
	const bytes = Buffer.from(await response.arrayBuffer());
	return { bytes, meta: await sharp(bytes).metadata() };
}

describe('GET /api/users/profile', () => {
	it('answers 401 in the error shape to an anonymous request', async () => {
		const response = await getProfile();
		expect(response.status).toBe(401);
		expect(response.headers.get('content-type')).toContain('application/json');
		const error = await errorOf(response);
		expect(error.code).toBe('unauthorized');
		expect(error.message.length).toBeGreaterThan(5);
	});

	it('answers 401 to a token that names no session', async () => {
		const response = await getProfile({ authorization: `Bearer ${'a'.repeat(52)}` });
		expect(response.status).toBe(401);
	});

	it('shows the owner their own profile with e-mail and never the password or its hash', async () => {
		const owner = await signUpVerified(app, { role: 'teacher' });
		const response = await getProfile(owner.auth);
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text).not.toContain('password');
		expect(text).not.toContain('$argon2');
		expect(text).not.toContain(owner.password);
		const { user } = JSON.parse(text) as { user: SelfUser };
		expect(Object.keys(user).sort()).toEqual(SELF_KEYS);
		expect(user).toMatchObject({
			id: owner.user.id,
			email: owner.email,
			username: owner.username,
			role: 'teacher',
			verified: true,
			instruments: [],
			profileImageUrl: null,
			profileThumbnailUrl: null,
			bio: null,
			experienceLevel: null
		});
		expect(Date.parse(user.lastLogin!)).not.toBeNaN();
	});

	it('shows each signed-in user their own profile, not another one', async () => {
		const other = await signUpVerified(app);
		expect((await userOf(await getProfile(viewer.auth))).id).toBe(viewer.user.id);
		expect((await userOf(await getProfile(other.auth))).id).toBe(other.user.id);
	});
});

describe('PUT /api/users/profile with JSON', () => {
	it('updates full name, bio, instruments and experience level, visible in a later GET and in the database', async () => {
		const owner = await signUpVerified(app);
		const response = await putJson(
			{
				fullName: '  Clara Schumann  ',
				bio: 'Pianist and composer.',
				instruments: ['Piano', 'violin', 'piano', ' Viola ', 'VIOLIN', 'Organ'],
				experienceLevel: 'professional'
			},
			owner.auth
		);
		expect(response.status).toBe(200);
		const expected = {
			fullName: 'Clara Schumann',
			bio: 'Pianist and composer.',
			instruments: ['Piano', 'violin', 'Viola', 'Organ'],
			experienceLevel: 'professional'
		};
		expect(await userOf(response)).toMatchObject({ ...expected, email: owner.email });
		expect(await userOf(await getProfile(owner.auth))).toMatchObject(expected);

		const row = await rowOf(owner.user.id);
		expect(row).toMatchObject({
			full_name: 'Clara Schumann',
			bio: 'Pianist and composer.',
			instruments: ['Piano', 'violin', 'Viola', 'Organ'],
			experience_level: 'professional'
		});
	});

	it('changes only the fields it is sent', async () => {
		const owner = await signUpVerified(app);
		await putJson({ bio: 'Trumpet since 2010.', instruments: ['Trumpet'] }, owner.auth);
		const response = await putJson({ experienceLevel: 'beginner' }, owner.auth);
		expect(response.status).toBe(200);
		expect(await userOf(response)).toMatchObject({
			fullName: owner.user.fullName,
			bio: 'Trumpet since 2010.',
			instruments: ['Trumpet'],
			experienceLevel: 'beginner'
		});
	});

	it('clears bio and experience level with null, and an empty bio counts as none', async () => {
		const owner = await signUpVerified(app);
		await putJson({ bio: 'Something', experienceLevel: 'advanced', instruments: ['Harp'] }, owner.auth);
		const cleared = await userOf(await putJson({ bio: null, experienceLevel: null, instruments: [] }, owner.auth));
		expect(cleared).toMatchObject({ bio: null, experienceLevel: null, instruments: [] });
		await putJson({ bio: 'Something' }, owner.auth);
		expect((await userOf(await putJson({ bio: '   ' }, owner.auth))).bio).toBeNull();
	});

	it('changes nothing for another user', async () => {
		const owner = await signUpVerified(app);
		await putJson({ fullName: 'Changed by owner' }, owner.auth);
		expect((await rowOf(viewer.user.id)).full_name).toBe(viewer.user.fullName);
	});

	const invalidCases: [string, unknown, string][] = [
		['an unknown experience level', { experienceLevel: 'expert' }, 'experienceLevel'],
		['instruments that are not an array', { instruments: 'Piano' }, 'instruments'],
		['an empty instrument name', { instruments: ['Piano', '  '] }, 'instruments.1'],
		['an instrument name over 50 characters', { instruments: ['x'.repeat(51)] }, 'instruments.0'],
		['21 instruments', { instruments: Array.from({ length: 21 }, (_, i) => `Instrument ${i}`) }, 'instruments'],
		['a bio over 2000 characters', { bio: 'b'.repeat(2001) }, 'bio'],
		['a full name over 100 characters', { fullName: 'f'.repeat(101) }, 'fullName'],
		['a blank full name', { fullName: '   ' }, 'fullName'],
		['a full name of the wrong type', { fullName: 42 }, 'fullName'],
		// PostgreSQL text cannot hold NUL; these must be refused, never a 500.
		['a NUL character in the full name', { fullName: 'Clara\u0000Schumann' }, 'fullName'],
		['a NUL character in the bio', { bio: 'Pianist\u0000' }, 'bio'],
		['a NUL character in an instrument', { instruments: ['Piano', 'Cel\u0000lo'] }, 'instruments.1']
	];
	for (const [name, body, field] of invalidCases) {
		it(`answers 400 naming ${field} for ${name}, and leaves the profile unchanged`, async () => {
			const owner = await signUpVerified(app);
			const before = await rowOf(owner.user.id);
			// A valid change sent alongside must not be applied either.
			const response = await putJson({ bio: 'Should not be saved.', ...(body as object) }, owner.auth);
			expect(response.status).toBe(400);
			const error = await errorOf(response);
			expect(error).toMatchObject({ code: 'invalid_input', field });
			expect(error.message.length).toBeGreaterThan(5);
			expect(await rowOf(owner.user.id)).toEqual(before);
		});
	}

	it('accepts exactly 20 instruments, a 2000-character bio and a 100-character name', async () => {
		const owner = await signUpVerified(app);
		const instruments = Array.from({ length: 20 }, (_, i) => `Instrument ${i}`);
		const response = await putJson({ instruments, bio: 'b'.repeat(2000), fullName: 'f'.repeat(100) }, owner.auth);
		expect(response.status).toBe(200);
		expect((await userOf(response)).instruments).toEqual(instruments);
	});

	it('answers 400 for an unknown key, since the schema is strict, and names the key', async () => {
		const owner = await signUpVerified(app);
		const before = await rowOf(owner.user.id);
		const response = await putJson({ bio: 'x', email: 'new@example.com' }, owner.auth);
		expect(response.status).toBe(400);
		const error = await errorOf(response);
		expect(error.code).toBe('invalid_input');
		expect(error).toMatchObject({ code: 'invalid_input', field: 'email' });
		expect(await rowOf(owner.user.id)).toEqual(before);
	});

	it('refuses to change role or verification through an unknown key', async () => {
		const owner = await signUpVerified(app);
		for (const body of [{ role: 'admin' }, { verified: false }, { profileImageUrl: '/media/x' }, { active: false }]) {
			expect((await putJson(body, owner.auth)).status).toBe(400);
		}
		expect(await rowOf(owner.user.id)).toMatchObject({ role: 'student', verified: true, active: true, profile_image_url: null });
	});

	it('answers 400 invalid_json for malformed JSON and for a non-object body', async () => {
		const owner = await signUpVerified(app);
		const malformed = await putJson('{"bio": "x",', owner.auth);
		expect(malformed.status).toBe(400);
		expect(await errorOf(malformed)).toMatchObject({ code: 'invalid_json', field: 'body' });
		for (const body of ['[]', 'null', '"bio"']) {
			expect((await putJson(body, owner.auth)).status).toBe(400);
		}
	});

	it('answers 401 to an anonymous request and changes nothing', async () => {
		const response = await putJson({ fullName: 'Anonymous' });
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthorized');
	});

	it('answers 401 to the Bearer token of a session that has logged out', async () => {
		const owner = await signUpVerified(app);
		expect((await getProfile(owner.auth)).status).toBe(200);
		const logout = await app.fetch('/api/auth/logout', { method: 'POST', headers: owner.auth });
		expect(logout.status).toBe(204);
		expect((await getProfile(owner.auth)).status).toBe(401);
		const put = await putJson({ fullName: 'After logout' }, owner.auth);
		expect(put.status).toBe(401);
		expect((await rowOf(owner.user.id)).full_name).toBe(owner.user.fullName);
	});
});

describe('PUT /api/users/profile with multipart/form-data', () => {
	it('stores a 512×512 JPEG picture and a 128×128 thumbnail, with the fields sent alongside', async () => {
		const owner = await signUpVerified(app);
		const form = new FormData();
		form.set('image', await pngFile(900, 600));
		form.set('fullName', 'Pablo Casals');
		form.append('instruments', 'Cello, piano');
		form.append('instruments', 'CELLO');
		form.set('experienceLevel', 'professional');
		form.set('bio', 'Cellist.');
		const response = await putForm(form, owner.auth);
		expect(response.status).toBe(200);
		const user = await userOf(response);
		const id = owner.user.id;
		expect(user).toMatchObject({
			fullName: 'Pablo Casals',
			instruments: ['Cello', 'piano'],
			experienceLevel: 'professional',
			bio: 'Cellist.'
		});
		expect(user.profileImageUrl).toMatch(new RegExp(`^/media/profile-images/${id}/profile\\.jpg\\?v=[a-z0-9]+$`));
		expect(user.profileThumbnailUrl).toMatch(new RegExp(`^/media/profile-images/${id}/thumbnail\\.jpg\\?v=[a-z0-9]+$`));
		expect((await rowOf(id)).profile_image_url).toBe(user.profileImageUrl);
		expect((await userOf(await getProfile(owner.auth))).profileImageUrl).toBe(user.profileImageUrl);

		const profile = await fetchImage(user.profileImageUrl!);
		expect(profile.meta).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
		const thumbnail = await fetchImage(user.profileThumbnailUrl!);
		expect(thumbnail.meta).toMatchObject({ format: 'jpeg', width: 128, height: 128 });
	});

	it('judges an upload by its content: a JPEG named .txt is accepted', async () => {
		const owner = await signUpVerified(app);
		const jpeg = await sharp({ create: { width: 300, height: 800, channels: 3, background: '#2060c0' } })
			.jpeg()
			.toBuffer();
		const form = new FormData();
		form.set('image', new File([jpeg], 'notes.txt', { type: 'text/plain' }));
		const response = await putForm(form, owner.auth);
		expect(response.status).toBe(200);
		const { meta } = await fetchImage((await userOf(response)).profileImageUrl!);
		expect(meta).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
	});

	it('replaces an earlier picture with a new URL', async () => {
		const owner = await signUpVerified(app);
		const first = new FormData();
		first.set('image', await pngFile(600, 600));
		const before = (await userOf(await putForm(first, owner.auth))).profileImageUrl;
		await Bun.sleep(5);
		const second = new FormData();
		second.set('image', await pngFile(1200, 400));
		const after = (await userOf(await putForm(second, owner.auth))).profileImageUrl;
		expect(after).not.toBe(before);
		expect((await fetchImage(after!)).meta.width).toBe(512);
	});

	it('refuses a text file named photo.png with 400 naming image, keeping the earlier picture and fields', async () => {
		const owner = await signUpVerified(app);
		const good = new FormData();
		good.set('image', await pngFile());
		const before = await userOf(await putForm(good, owner.auth));
		const beforeBytes = (await fetchImage(before.profileImageUrl!)).bytes;
		const beforeRow = await rowOf(owner.user.id);

		const bad = new FormData();
		bad.set('image', new File(['this is not a picture\n'.repeat(20)], 'photo.png', { type: 'image/png' }));
		bad.set('fullName', 'Should not be saved');
		const response = await putForm(bad, owner.auth);
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toMatchObject({ code: 'invalid_image', field: 'image' });

		expect(await rowOf(owner.user.id)).toEqual(beforeRow);
		expect((await fetchImage(before.profileImageUrl!)).bytes.equals(beforeBytes)).toBe(true);
	});

	it('answers 400 naming image for an image field that is text, and saves none of the fields', async () => {
		const owner = await signUpVerified(app);
		const before = await rowOf(owner.user.id);
		const form = new FormData();
		form.set('image', 'data:image/png;base64,iVBORw0KGgo=');
		form.set('bio', 'Should not be saved');
		const response = await putForm(form, owner.auth);
		expect(response.status).toBe(400);
		expect((await errorOf(response)).field).toBe('image');
		expect(await rowOf(owner.user.id)).toEqual(before);
	});

	it('answers 413 naming image for an upload over 10 MB, and saves none of the fields', async () => {
		const owner = await signUpVerified(app);
		const before = await rowOf(owner.user.id);
		const form = new FormData();
		form.set('image', new File([randomBytes(10 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' }));
		form.set('bio', 'Should not be saved');
		const response = await putForm(form, owner.auth);
		expect(response.status).toBe(413);
		expect(await errorOf(response)).toMatchObject({ code: 'too_large', field: 'image' });
		expect(await rowOf(owner.user.id)).toEqual(before);
	});

	it('answers 400 for a bad field in a form, without storing the picture', async () => {
		const owner = await signUpVerified(app);
		const form = new FormData();
		form.set('image', await pngFile());
		form.set('experienceLevel', 'virtuoso');
		const response = await putForm(form, owner.auth);
		expect(response.status).toBe(400);
		expect((await errorOf(response)).field).toBe('experienceLevel');
		expect((await rowOf(owner.user.id)).profile_image_url).toBeNull();
		const url = `/media/profile-images/${owner.user.id}/profile.jpg`;
		expect((await app.fetch(url, { headers: viewer.auth })).status).toBe(404);
	});

	it('answers 401 to an anonymous upload', async () => {
		const form = new FormData();
		form.set('image', await pngFile());
		expect((await putForm(form)).status).toBe(401);
	});

	it('refuses a form posted from another site', async () => {
		const owner = await signUpVerified(app);
		const form = new FormData();
		form.set('fullName', 'Cross-site');
		const response = await putForm(form, { ...owner.auth, origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect((await rowOf(owner.user.id)).full_name).toBe(owner.user.fullName);
	});
});

describe('DELETE /api/users/profile/image', () => {
	it('clears the picture, and its media URLs then answer 404', async () => {
		const owner = await signUpVerified(app);
		const form = new FormData();
		form.set('image', await pngFile());
		const withImage = await userOf(await putForm(form, owner.auth));
		await fetchImage(withImage.profileImageUrl!);

		const response = await app.fetch('/api/users/profile/image', { method: 'DELETE', headers: owner.auth });
		expect(response.status).toBe(200);
		expect(await userOf(response)).toMatchObject({ profileImageUrl: null, profileThumbnailUrl: null });
		expect((await rowOf(owner.user.id)).profile_image_url).toBeNull();
		expect((await userOf(await getProfile(owner.auth))).profileImageUrl).toBeNull();
		for (const url of [withImage.profileImageUrl!, withImage.profileThumbnailUrl!]) {
			expect((await app.fetch(url, { headers: viewer.auth })).status).toBe(404);
			expect((await app.fetch(url, { headers: owner.auth })).status).toBe(404);
		}
	});

	it('succeeds when there is no picture to delete', async () => {
		const owner = await signUpVerified(app);
		const response = await app.fetch('/api/users/profile/image', { method: 'DELETE', headers: owner.auth });
		expect(response.status).toBe(200);
		expect((await userOf(response)).profileImageUrl).toBeNull();
	});

	it('deletes only the caller’s own picture', async () => {
		const owner = await signUpVerified(app);
		const other = await signUpVerified(app);
		const form = new FormData();
		form.set('image', await pngFile());
		const url = (await userOf(await putForm(form, owner.auth))).profileImageUrl!;
		expect((await app.fetch('/api/users/profile/image', { method: 'DELETE', headers: other.auth })).status).toBe(200);
		expect((await rowOf(owner.user.id)).profile_image_url).toBe(url);
		await fetchImage(url);
	});

	it('answers 401 to an anonymous request', async () => {
		const response = await app.fetch('/api/users/profile/image', { method: 'DELETE' });
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthorized');
	});
});
