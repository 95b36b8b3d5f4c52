import type { Relationship } from '$lib/server/relationships/relationship.dto';
import { listRelationships } from '$lib/server/relationships/relationships.service';
import { signedInUser } from '../../../forms.server';
import { relationshipActions } from '../actions.server';
import type { Actions, PageServerLoad } from './$types';

// Up to 100 of each; a teacher with more active students searches them on the progress pages.
const LIMIT = 100;

export const load: PageServerLoad = async (event) => {
	const user = signedInUser(event);
	const side = event.params.side as 'teachers' | 'students';
	// On the "teachers" page the caller is the student, and the other way round.
	const myRole = side === 'teachers' ? 'student' : 'teacher';
	const ctx = event.locals.ctx;
	const [pending, active] = await Promise.all([
		listRelationships(ctx, user, { status: 'pending', limit: LIMIT }),
		listRelationships(ctx, user, { status: 'active', limit: LIMIT })
	]);
	const mine = (list: Relationship[]) => list.filter((r) => r.myRole === myRole);
	return {
		title: side === 'teachers' ? 'My teachers' : 'My students',
		side,
		isTeacher: user.role === 'teacher',
		incoming: mine(pending.relationships).filter((r) => r.awaitingMyAnswer),
		outgoing: mine(pending.relationships).filter((r) => r.requestedByMe),
		active: mine(active.relationships)
	};
};

export const actions: Actions = {
	accept: relationshipActions.accept,
	decline: relationshipActions.decline,
	remove: relationshipActions.remove
};
