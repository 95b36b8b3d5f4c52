// Message text as plain segments: the page renders each as a text node or an <a>, so user text is
// never parsed as HTML. Only http(s) addresses become links.

export type Segment = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

// A run of non-space characters starting with http:// or https:// (or www.), up to whitespace.
const CANDIDATE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,;:!?'")\]}>]+$/;

/** The address as a safe href, or undefined when it is not an http(s) URL with a host. */
export function safeHref(candidate: string): string | undefined {
	const withScheme = /^www\./i.test(candidate) ? `https://${candidate}` : candidate;
	try {
		const url = new URL(withScheme);
		if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return undefined;
		return url.href;
	} catch {
		return undefined;
	}
}

/** Splits text into text and link segments; joined, their `text` is the input exactly. */
export function linkify(text: string): Segment[] {
	const segments: Segment[] = [];
	let last = 0;
	for (const match of text.matchAll(CANDIDATE)) {
		let candidate = match[0];
		// Keep a closing bracket that has its opening one inside the address (wiki-style URLs).
		const trailing = candidate.match(TRAILING)?.[0] ?? '';
		let cut = trailing.length;
		if (trailing.startsWith(')') && (candidate.match(/\(/g)?.length ?? 0) >= (candidate.match(/\)/g)?.length ?? 0)) cut = trailing.length - 1;
		if (cut > 0) candidate = candidate.slice(0, -cut);
		const href = safeHref(candidate);
		const start = match.index ?? 0;
		if (!href) continue;
		if (start > last) segments.push({ type: 'text', text: text.slice(last, start) });
		segments.push({ type: 'link', text: candidate, href });
		last = start + candidate.length;
	}
	if (last < text.length) segments.push({ type: 'text', text: text.slice(last) });
	return segments;
}
