import { requireUser } from '$lib/server/auth/cookies';
import { AppError } from '$lib/server/errors';
import { endpoint, parseInput, readJson } from '$lib/server/http';
import { toSelfUser } from '$lib/server/users/users.dto';
import { profileUpdateSchema } from '$lib/server/users/users.schemas';
import { setProfileImage, updateProfile } from '$lib/server/users/users.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	return Response.json({ user: toSelfUser(user) });
});

/**
 * Updates the profile. JSON for the fields; multipart/form-data to send a picture (field `image`)
 * with or without fields (`instruments` repeated or comma-separated).
 */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user } = requireUser(event);
	const ctx = event.locals.ctx;
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.includes('multipart/form-data')) {
		const input = await readJson(event.request, profileUpdateSchema);
		return Response.json({ user: toSelfUser(await updateProfile(ctx, user.id, input)) });
	}
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		throw new AppError(400, 'invalid_form', 'The form data could not be read.', { field: 'body' });
	}
	const image = form.get('image');
	form.delete('image');
	const input = parseInput(profileUpdateSchema, formFields(form));
	if (image !== null && !(image instanceof File)) {
		throw new AppError(400, 'invalid_input', 'The image must be a file.', { field: 'image' });
	}
	// The picture is checked (and stored) before the fields are saved, so a refused upload changes nothing.
	if (image && image.size > 0) await setProfileImage(ctx, user.id, new Uint8Array(await image.arrayBuffer()));
	return Response.json({ user: toSelfUser(await updateProfile(ctx, user.id, input)) });
});

function formFields(form: FormData): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	for (const key of new Set(form.keys())) {
		const values = form.getAll(key).map((v) => (typeof v === 'string' ? v : ''));
		if (key === 'instruments') {
			fields.instruments = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
		} else if (key === 'experienceLevel' || key === 'bio') {
			fields[key] = values[0] ? values[0] : null;
		} else {
			fields[key] = values[0];
		}
	}
	return fields;
}
