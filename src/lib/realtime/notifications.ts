/** A notification as the API returns it and `notification:new` pushes it. */
export interface NotificationPayload {
	id: number;
	/** What it is about, e.g. `video_shared`, `video_ready`, `comment`. */
	type: string;
	title: string;
	message: string;
	/** The video, relationship, progress record or review session it refers to, depending on `type`. */
	relatedId: number | null;
	read: boolean;
	/** ISO 8601. */
	createdAt: string;
	/** Where it leads, a path on this site (a comment's link opens the video at its moment: `?t=`). */
	href: string | null;
	/** A relationship request the reader may still accept or decline, in place. */
	request: { relationshipId: number } | null;
}
