import { describe, expect, it } from 'bun:test';
import { linkify, safeHref } from '../../src/lib/messaging/linkify';

const joined = (text: string) => linkify(text).map((s) => s.text).join('');

describe('links in message text', () => {
	it('makes http and https addresses links and keeps the rest as text, losing nothing', () => {
		const text = 'See https://example.com/etude?bar=12 and http://a.example. Thanks!';
		expect(linkify(text)).toEqual([
			{ type: 'text', text: 'See ' },
			{ type: 'link', text: 'https://example.com/etude?bar=12', href: 'https://example.com/etude?bar=12' },
			{ type: 'text', text: ' and ' },
			{ type: 'link', text: 'http://a.example', href: 'http://a.example/' },
			{ type: 'text', text: '. Thanks!' }
		]);
		expect(joined(text)).toBe(text);
	});

	it('gives www. addresses https and keeps a balanced closing bracket', () => {
		expect(linkify('(www.example.com)')).toEqual([
			{ type: 'text', text: '(' },
			{ type: 'link', text: 'www.example.com', href: 'https://www.example.com/' },
			{ type: 'text', text: ')' }
		]);
		expect(linkify('https://en.wikipedia.org/wiki/Etude_(music)')[0]).toMatchObject({ href: 'https://en.wikipedia.org/wiki/Etude_(music)' });
	});

	it('never links other schemes or markup, and leaves them as plain text', () => {
		for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '<a href="https://x.example">x</a>', 'vbscript:msgbox', 'ftp://files.example']) {
			expect(linkify(text).filter((s) => s.type === 'link').map((s) => s.href)).not.toContain(expect.stringMatching(/^(?!https?:)/));
			expect(joined(text)).toBe(text);
		}
		expect(linkify('<script>alert(1)</script>')).toEqual([{ type: 'text', text: '<script>alert(1)</script>' }]);
		expect(safeHref('https://user:pw@example.com')).toBeUndefined();
		expect(safeHref('javascript://example.com/%0aalert(1)')).toBeUndefined();
	});
});
