import { describe, expect, it } from 'bun:test';
import { decodeDraft, encodeDraft, EMPTY_DRAFT, type MessageDraft } from '../../src/lib/client/message-draft';

const scales = { id: 7, title: 'Scales in G', thumbnailUrl: '/media/videos/1/7/thumb.jpg', durationSeconds: 62 };

describe('message drafts', () => {
	it('keeps the text and the attached video across a save and a load', () => {
		const draft: MessageDraft = { text: 'Bars 9–12 again', video: scales };
		expect(decodeDraft(encodeDraft(draft))).toEqual(draft);
	});

	it('keeps a video with no text yet, and text with no video', () => {
		expect(decodeDraft(encodeDraft({ text: '', video: scales }))).toEqual({ text: '', video: scales });
		expect(decodeDraft(encodeDraft({ text: 'Hello', video: null }))).toEqual({ text: 'Hello', video: null });
	});

	it('stores nothing for blank text without a video', () => {
		expect(encodeDraft({ text: '  \n', video: null })).toBeNull();
		expect(decodeDraft(null)).toEqual(EMPTY_DRAFT);
		expect(decodeDraft('')).toEqual(EMPTY_DRAFT);
	});

	it('stores only what the composer shows of the video', () => {
		const video = { ...scales, status: 'ready', owner: { id: 1 } };
		expect(JSON.parse(encodeDraft({ text: 'x', video })!)).toEqual({ v: 1, text: 'x', video: scales });
	});

	it('reads a draft saved before videos could be attached as its text', () => {
		expect(decodeDraft('Half-written thought')).toEqual({ text: 'Half-written thought', video: null });
		expect(decodeDraft('{"a": 1}')).toEqual({ text: '{"a": 1}', video: null });
	});

	it('reads a damaged or foreign stored value as text, never as a video', () => {
		for (const stored of ['{"v":1,"text":"x"', '{"v":2,"text":"x","video":null}', '{"v":1,"text":"x","video":{"id":"7","title":"t"}}', '{"v":1,"text":"x","video":{"id":-1,"title":"t","thumbnailUrl":null,"durationSeconds":null}}']) {
			expect(decodeDraft(stored)).toEqual({ text: stored, video: null });
		}
	});
});
