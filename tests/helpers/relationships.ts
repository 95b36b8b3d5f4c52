import type { Relationship } from '../../src/lib/server/relationships/relationship.dto';
import type { TestApp } from './app';
import type { SignedInUser } from './users';

export type Auth = Record<string, string>;

export function jsonRequest(app: TestApp, method: string, path: string, auth: Auth, body?: unknown) {
	return app.fetch(path, {
		method,
		headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

export const requestAs = (app: TestApp, auth: Auth, body: unknown) => jsonRequest(app, 'POST', '/api/relationships/request', auth, body);
export const answerAs = (app: TestApp, auth: Auth, id: number, answer: 'accept' | 'decline') =>
	jsonRequest(app, 'PUT', `/api/relationships/${id}/${answer}`, auth);
export const removeAs = (app: TestApp, auth: Auth, id: number) => jsonRequest(app, 'DELETE', `/api/relationships/${id}`, auth);

/** The student asks the teacher and the teacher accepts: an active relationship. */
export async function connect(app: TestApp, student: SignedInUser, teacher: SignedInUser): Promise<Relationship> {
	const asked = await requestAs(app, student.auth, { teacherId: teacher.user.id });
	if (asked.status !== 201) throw new Error(`request: ${asked.status} ${await asked.text()}`);
	const { relationship } = (await asked.json()) as { relationship: Relationship };
	const accepted = await answerAs(app, teacher.auth, relationship.id, 'accept');
	if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${await accepted.text()}`);
	return ((await accepted.json()) as { relationship: Relationship }).relationship;
}
