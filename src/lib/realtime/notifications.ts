/** A notification as the API returns it and `notification:new` pushes it. */
export interface NotificationPayload {
	id: number;
	/** What it is about, e.g. `video_shared`, `video_ready`, `comment`. */
	type: string;
	title: string;
	message: string;
	/** The video, comment, ... it refers to, depending on `type`. */
	relatedId: number | null;
	read: boolean;
	/** ISO 8601. */
	createdAt: string;
}
