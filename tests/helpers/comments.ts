import type { Comment } from '../../src/lib/server/comments/comment.dto';
import type { TestApp } from './app';

type Auth = Record<string, string>;

/** The calls of the comments API, each returning the raw response. */
export function commentsApi(app: TestApp) {
	const json = (method: string, path: string, auth: Auth, body: unknown) =>
		app.fetch(path, { method, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return {
		post: (auth: Auth, videoId: number, body: unknown) => json('POST', `/api/videos/${videoId}/comments`, auth, body),
		list: (auth: Auth, videoId: number, query = '') => app.fetch(`/api/videos/${videoId}/comments${query}`, { headers: auth }),
		put: (auth: Auth, id: number, body: unknown) => json('PUT', `/api/comments/${id}`, auth, body),
		remove: (auth: Auth, id: number) => app.fetch(`/api/comments/${id}`, { method: 'DELETE', headers: auth }),
		reply: (auth: Auth, id: number, body: unknown) => json('POST', `/api/comments/${id}/replies`, auth, body)
	};
}

export interface CommentList {
	comments: Comment[];
	hasMore: boolean;
}

/** The comment of a 201/200 answer, or an error naming what came back instead. */
export async function commentOf(response: Response): Promise<Comment> {
	if (response.status !== 201 && response.status !== 200) throw new Error(`expected a comment: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { comment: Comment }).comment;
}

export async function listOf(response: Response): Promise<CommentList> {
	if (response.status !== 200) throw new Error(`expected a list: ${response.status} ${await response.text()}`);
	return (await response.json()) as CommentList;
}

/** What the transcode would write: the video's length in seconds. */
export function setDuration(app: TestApp, videoId: number, seconds: number | null) {
	return app.ctx.db.updateTable('videos').set({ duration: seconds }).where('id', '=', videoId).execute();
}
