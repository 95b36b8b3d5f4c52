import { describe, expect, it } from 'bun:test';
import { formatWait, loginUrlFor, safeRedirectPath } from '../../src/routes/forms.server';

describe('safeRedirectPath', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeRedirectPath('/profile')).toBe('/profile');
		expect(safeRedirectPath('/teachers?q=cello#results')).toBe('/teachers?q=cello#results');
	});

	it('refuses anything that could leave the site', () => {
		for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example', 'evil.example', 'javascript:alert(1)', '', null, undefined, '/'.padEnd(2001, 'a')]) {
			expect(safeRedirectPath(value)).toBe('/home');
		}
	});

	// Each of these resolves to `//evil.example` (or `/\evil.example`), which a browser reads as another host.
	it('refuses paths whose resolved form leaves the site', () => {
		const payloads = [
			'/.//evil.example',
			'/..//evil.example',
			'/%2e//evil.example',
			'/%2e%2e//evil.example',
			'/a/..//evil.example',
			'/./\\evil.example',
			'/.\\/evil.example',
			'/\t/evil.example',
			'/\n/evil.example'
		];
		for (const value of payloads) expect([value, safeRedirectPath(value)]).toEqual([value, '/home']);
	});

	it('returns exactly the path it checked', () => {
		for (const value of ['/a/./b', '/%2e/profile', '/x/../teachers?q=a']) {
			const path = safeRedirectPath(value);
			expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
			expect(safeRedirectPath(path)).toBe(path);
		}
		expect(safeRedirectPath('/%2e/profile')).toBe('/profile');
	});

	it('normalises dot segments without leaving the site', () => {
		expect(safeRedirectPath('/a/../../profile')).toBe('/profile');
	});
});

describe('loginUrlFor', () => {
	it('points back to the page, dropping form-action names', () => {
		expect(loginUrlFor(new URL('http://x/profile?/save&tab=2'))).toBe(`/login?redirectTo=${encodeURIComponent('/profile?tab=2')}`);
	});
});

describe('formatWait', () => {
	it('says seconds, minutes or hours as a person would', () => {
		expect(formatWait(1)).toBe('1 second');
		expect(formatWait(45)).toBe('45 seconds');
		expect(formatWait(61)).toBe('about 2 minutes');
		expect(formatWait(900)).toBe('about 15 minutes');
		expect(formatWait(3601)).toBe('about 2 hours');
	});
});
