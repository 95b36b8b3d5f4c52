import { describe, expect, it } from 'bun:test';
import { cookieValue, MALFORMED } from '../../server/realtime/handshake';
import { isOwnOrigin, type OriginCheck } from '../../server/realtime/origin';

const check = (origin: string | undefined, host: string | undefined, more: Partial<OriginCheck> = {}) =>
	isOwnOrigin({ origin, host, configured: undefined, protocol: 'http', ...more });

describe('the handshake Origin rule', () => {
	it('lets a client without Origin through to the session check', () => {
		expect(check(undefined, '127.0.0.1:3000')).toBe(true);
	});

	it('accepts the request’s own host, port and protocol when ORIGIN is unset', () => {
		expect(check('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
		expect(check('http://localhost', 'LOCALHOST:80')).toBe(true);
		expect(check('http://[::1]:3000', '[::1]:3000')).toBe(true);
		expect(check('https://app.example', 'app.example', { protocol: 'https' })).toBe(true);
	});

	it('refuses another host, port or protocol, and origins no browser sends', () => {
		expect(check('http://evil.example', '127.0.0.1:3000')).toBe(false);
		expect(check('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
		expect(check('https://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
		expect(check('null', '127.0.0.1:3000')).toBe(false);
		expect(check('http://127.0.0.1:3000/path', '127.0.0.1:3000')).toBe(false);
		expect(check('http://a.example', 'a.example/../b')).toBe(false);
		expect(check('http://a.example', undefined)).toBe(false);
	});

	it('accepts only the configured origin when ORIGIN is set, whatever the Host says', () => {
		const configured = 'https://classcast.example/';
		expect(check('https://classcast.example', 'evil.example', { configured })).toBe(true);
		expect(check('http://127.0.0.1:3000', '127.0.0.1:3000', { configured })).toBe(false);
	});
});

describe('reading the session cookie', () => {
	it('decodes the named cookie and tells a malformed one apart instead of throwing', () => {
		expect(cookieValue('a=1; classcast_session=abc%20d', 'classcast_session')).toBe('abc d');
		expect(cookieValue('a=1', 'classcast_session')).toBeUndefined();
		expect(cookieValue(undefined, 'classcast_session')).toBeUndefined();
		expect(cookieValue('classcast_session=%E0%A4%A', 'classcast_session')).toBe(MALFORMED);
	});
});
