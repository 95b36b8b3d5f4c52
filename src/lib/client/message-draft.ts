// A conversation's unsent draft as this browser keeps it: the text and the video attached to it,
// if any. Stored as versioned JSON; a draft saved before videos could be attached (the bare text)
// still reads as text. Storage is another tab's or an older build's writing, so it is checked.
import * as z from 'zod/mini';

/** What the composer shows of an attached video until the message goes. */
export interface DraftVideo {
	id: number;
	title: string;
	thumbnailUrl: string | null;
	durationSeconds: number | null;
}

export interface MessageDraft {
	text: string;
	video: DraftVideo | null;
}

export const EMPTY_DRAFT: MessageDraft = Object.freeze({ text: '', video: null });

const draftVideoSchema = z.object({
	id: z.number().check(z.int(), z.positive()),
	title: z.string(),
	thumbnailUrl: z.nullable(z.string()),
	durationSeconds: z.nullable(z.number())
});

const storedSchema = z.object({
	v: z.literal(1),
	text: z.string(),
	video: z.nullable(draftVideoSchema)
});

/** The stored form of a draft, or null when there is nothing worth keeping. */
export function encodeDraft(draft: MessageDraft): string | null {
	if (draft.text.trim() === '' && !draft.video) return null;
	return JSON.stringify({ v: 1, text: draft.text, video: draft.video && draftVideoOf(draft.video) });
}

/** Reads what encodeDraft stored; anything else that is stored is an older plain-text draft. */
export function decodeDraft(stored: string | null | undefined): MessageDraft {
	if (!stored) return EMPTY_DRAFT;
	if (!stored.startsWith('{"v":')) return { text: stored, video: null };
	let parsed: unknown;
	try {
		parsed = JSON.parse(stored);
	} catch {
		return { text: stored, video: null };
	}
	const result = storedSchema.safeParse(parsed);
	return result.success ? { text: result.data.text, video: result.data.video } : { text: stored, video: null };
}

/** The part of a video the draft keeps. */
export const draftVideoOf = (video: DraftVideo): DraftVideo => ({
	id: video.id,
	title: video.title,
	thumbnailUrl: video.thumbnailUrl,
	durationSeconds: video.durationSeconds
});
