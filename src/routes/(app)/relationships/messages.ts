export type RelationshipDone = 'requested' | 'invited' | 'accepted' | 'declined' | 'removed';

/** What a page says after a relationship action succeeded. */
export const DONE_MESSAGES: Record<RelationshipDone, string> = {
	requested: 'Request sent.',
	invited: 'Invitation sent.',
	accepted: 'Request accepted.',
	declined: 'Request declined.',
	removed: 'Removed.'
};
