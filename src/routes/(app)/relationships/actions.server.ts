// The form actions of relationships, shared by the profile page (ask, invite) and the
// relationships pages (accept, decline, remove). Each works without JavaScript.
import { parseInput } from '$lib/server/http';
import type { AppContext } from '$lib/server/context';
import type { SessionUser } from '$lib/server/db/schema';
import { invalid } from '$lib/server/errors';
import { relationshipRequestSchema } from '$lib/server/relationships/relationships.schemas';
import {
	acceptRelationship,
	declineRelationship,
	removeRelationship,
	requestRelationship
} from '$lib/server/relationships/relationships.service';
import { failure, signedInUser } from '../../forms.server';
import type { RelationshipDone } from './messages';

type ActionEvent = { locals: App.Locals; url: URL; request: Request };

const idFrom = (form: FormData, name: string) => {
	const value = Number(form.get(name));
	if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647) throw invalid(name, 'Choose a relationship.');
	return value;
};

function action(done: RelationshipDone, run: (ctx: AppContext, user: SessionUser, form: FormData) => Promise<unknown>) {
	return async (event: ActionEvent) => {
		const user = signedInUser(event);
		try {
			await run(event.locals.ctx, user, await event.request.formData());
		} catch (error) {
			return failure(error);
		}
		return { done };
	};
}

export const relationshipActions = {
	request: action('requested', (ctx, user, form) =>
		requestRelationship(ctx, user, parseInput(relationshipRequestSchema, { teacherId: idFrom(form, 'userId') }))
	),
	invite: action('invited', (ctx, user, form) =>
		requestRelationship(ctx, user, parseInput(relationshipRequestSchema, { studentId: idFrom(form, 'userId') }))
	),
	accept: action('accepted', (ctx, user, form) => acceptRelationship(ctx, user, idFrom(form, 'id'))),
	decline: action('declined', (ctx, user, form) => declineRelationship(ctx, user, idFrom(form, 'id'))),
	remove: action('removed', (ctx, user, form) => removeRelationship(ctx, user, idFrom(form, 'id')))
};
