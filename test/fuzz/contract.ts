/**
 * Whether one request the simulator received is valid for the wire contract
 * (/work/shared/nextauth-sessions-api.md, kept in the repository as the simulator's source): the
 * method and path shape, each variable part one percent-encoded segment, the headers, the query
 * keys and values, and a JSON body only where the contract has one.
 */
import type { Violation } from './model';
import type { FuzzRequest } from './server';

type BodyRule = 'none' | 'userContext' | 'transaction';
type NonceRule = 'required' | 'absent';

interface Route {
	name: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Below /servers/{serverid}; ':int' an integer id, ':id' any id (one segment). */
	pattern: string[];
	nonce: NonceRule;
	query?: Record<string, RegExp>;
	requiredQuery?: string[];
	body?: BodyRule;
}

const LIST_QUERY = { limit: /^[1-9]\d*$/, marker: /^\d+$/, sort: /^.+$/, filter: /^.+$/ };

export const ROUTES: Route[] = [
	{ name: 'getSession', method: 'GET', pattern: ['sessions', ''], nonce: 'required' },
	{
		name: 'getQrLogin',
		method: 'GET',
		pattern: ['sessions', 'qr', 'login'],
		nonce: 'required',
		query: { img: /^png$/, s: /^[1-9]\d*$/ },
		body: 'userContext',
	},
	{ name: 'logout', method: 'POST', pattern: ['sessions', 'logout'], nonce: 'required' },
	{
		name: 'provokeLogin',
		method: 'POST',
		pattern: ['sessions', 'provokelogin'],
		nonce: 'required',
		body: 'userContext',
	},
	{
		name: 'provokeLoginOnAccount',
		method: 'POST',
		pattern: ['accounts', ':int', 'provokelogin'],
		nonce: 'required',
		body: 'userContext',
	},
	{
		name: 'provokeLoginOnUser',
		method: 'POST',
		pattern: ['users', ':id', 'provokelogin'],
		nonce: 'required',
		body: 'userContext',
	},
	{
		name: 'createTransaction',
		method: 'POST',
		pattern: ['sessions', 'transactions'],
		nonce: 'required',
		body: 'transaction',
	},
	{ name: 'getTransactionResult', method: 'GET', pattern: ['transactions', ':id'], nonce: 'absent' },
	{
		name: 'getUsers',
		method: 'GET',
		pattern: ['users', ''],
		nonce: 'absent',
		query: { ...LIST_QUERY, search: /^.+$/ },
	},
	{ name: 'getAllAccounts', method: 'GET', pattern: ['accounts', ''], nonce: 'absent', query: LIST_QUERY },
	{
		name: 'getUser',
		method: 'GET',
		pattern: ['users', ':id', 'accounts'],
		nonce: 'absent',
		query: { limit: LIST_QUERY.limit, marker: LIST_QUERY.marker, sort: LIST_QUERY.sort },
	},
	{ name: 'deleteUserAccounts', method: 'DELETE', pattern: ['users', ':id', 'accounts'], nonce: 'absent' },
	{ name: 'deleteUser', method: 'DELETE', pattern: ['users', ':id', ''], nonce: 'absent' },
	{ name: 'getAccount', method: 'GET', pattern: ['accounts', ':int', ''], nonce: 'absent' },
	{
		name: 'updateAccount',
		method: 'PUT',
		pattern: ['accounts', ':int', ''],
		nonce: 'absent',
		query: { blocked: /^(true|false)$/ },
		requiredQuery: ['blocked'],
	},
	{ name: 'deleteAccount', method: 'DELETE', pattern: ['accounts', ':int', ''], nonce: 'absent' },
	{
		name: 'updateAccountUser',
		method: 'PUT',
		pattern: ['accounts', ':int', 'user'],
		nonce: 'absent',
		query: { userid: /^.+$/s },
		requiredQuery: ['userid'],
	},
];

/** Characters a path segment may hold as they are (RFC 3986 pchar without `/`), or percent-escapes. */
const RAW_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$/;

/** Printable ASCII: what a header value can carry. */
const HEADER_TEXT = /^[\x20-\x7e]+$/;

export interface ContractExpectations {
	apiKey: string;
	roleId: string;
	/** `Accept-Encoding: identity` on every request (issue 19); off with FUZZ_ACCEPT_ENCODING=any. */
	identityEncoding: boolean;
}

export function routeOf(method: string, rawPath: string): Route | undefined {
	const rest = rawPath.split('/').slice(3);
	return ROUTES.find(
		(route) =>
			route.method === method &&
			route.pattern.length === rest.length &&
			route.pattern.every((part, index) => (part.startsWith(':') ? rest[index] !== '' : part === rest[index])),
	);
}

function decodeSegment(raw: string): string | undefined {
	try {
		return decodeURIComponent(raw);
	} catch {
		return undefined;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function bodyProblem(rule: BodyRule, body: unknown): string | undefined {
	if (rule === 'transaction') {
		if (!isObject(body)) return 'a Transaction object is required';
		const unknown = Object.keys(body).filter((key) => !['amount', 'benificiary', 'description'].includes(key));
		if (unknown.length > 0) return `unknown Transaction fields ${unknown.join(', ')}`;
		if (!Object.values(body).every((value) => typeof value === 'string')) return 'Transaction fields must be strings';
		return undefined;
	}
	if (!isObject(body)) return 'the UserContext must be an object';
	for (const [part, info] of Object.entries(body)) {
		if (part !== 'announceinfo' && part !== 'sessioninfo') return `unknown UserContext field ${part}`;
		if (!isObject(info)) return `${part} must be an object`;
		const unknown = Object.keys(info).filter((key) => !['ip', 'useragent', 'logo', 'info'].includes(key));
		if (unknown.length > 0) return `unknown SessionInfo fields ${unknown.join(', ')}`;
		if (info.info !== undefined && !isObject(info.info)) return `${part}.info must be an object`;
	}
	return undefined;
}

/** The contract violations of one request. */
export function checkRequest(request: FuzzRequest, expect: ContractExpectations): Violation[] {
	const violations: Violation[] = [];
	const fail = (what: string, detail: string) =>
		violations.push({ cls: `contract:${what}`, detail: `${request.method} ${request.rawUrl}: ${detail}` });
	const headers = request.headers;
	const rawPath = request.url.split('?')[0];
	const rawSegments = rawPath.split('/');

	if (rawSegments[1] !== 'servers' || rawSegments.length < 4) fail('path', 'not below /servers/{serverid}/');
	for (const raw of rawSegments.slice(1)) {
		if (!RAW_SEGMENT.test(raw)) fail('path-encoding', `segment ${JSON.stringify(raw)} is not percent-encoded`);
		else if (decodeSegment(raw) === undefined)
			fail('path-encoding', `segment ${JSON.stringify(raw)} is not valid percent-encoded UTF-8`);
	}
	const serverId = decodeSegment(rawSegments[2] ?? '');
	if (!serverId || serverId === '.' || serverId === '..')
		fail('path', `server id segment ${JSON.stringify(rawSegments[2])}`);

	const route = routeOf(request.method, rawPath);
	if (!route) {
		fail('unknown-route', 'no operation of the contract has this method and path');
	} else {
		route.pattern.forEach((part, index) => {
			const raw = rawSegments[3 + index];
			const decoded = decodeSegment(raw);
			if (part === ':int' && !/^\d+$/.test(decoded ?? ''))
				fail('path', `${route.name}: id segment ${JSON.stringify(raw)} is not an integer`);
			if (part === ':id' && (decoded === '.' || decoded === '..'))
				fail('path', `${route.name}: id segment ${JSON.stringify(raw)}`);
		});
		const query = new URLSearchParams(request.url.split(/\?(.*)/s)[1] ?? '');
		const seen = new Set<string>();
		for (const [key, value] of query) {
			if (seen.has(key)) fail('query', `${key} given twice`);
			seen.add(key);
			const pattern = route.query?.[key];
			if (!pattern) fail('unknown-query', `${route.name} takes no query parameter "${key}"`);
			else if (!pattern.test(value)) fail('query', `${route.name}: ${key}=${JSON.stringify(value)}`);
		}
		for (const key of route.requiredQuery ?? []) if (!seen.has(key)) fail('query', `${route.name} needs ${key}`);
		if (route.name === 'getQrLogin' && seen.has('s') !== seen.has('img')) fail('query', 'the size s goes with img=png');
		if (route.name === 'getQrLogin' && Number(query.get('s') ?? '1') > 2000) fail('query', 's above 2000');

		const nonce = headers['x-nonce'];
		if (route.nonce === 'required') {
			if (typeof nonce !== 'string' || !HEADER_TEXT.test(nonce) || nonce.trim() !== nonce)
				fail('nonce', `${route.name} needs one X-nonce of printable text, got ${JSON.stringify(nonce)}`);
		} else if (nonce !== undefined) {
			fail('unexpected-nonce', `${route.name} names no session, yet X-nonce was sent`);
		}

		if (request.body !== null) {
			if (!route.body) {
				fail('body', `${route.name} takes no body, got ${request.body.length} bytes`);
			} else {
				let parsed: unknown;
				try {
					parsed = JSON.parse(request.body);
				} catch {
					fail('body', `${route.name}: the body is not JSON`);
				}
				if (parsed !== undefined) {
					const problem = bodyProblem(route.body, parsed);
					if (problem) fail('body', `${route.name}: ${problem}`);
				}
				if (!String(headers['content-type'] ?? '').startsWith('application/json'))
					fail('body', `${route.name}: a body without Content-Type application/json`);
			}
		} else if (route.body === 'transaction') {
			fail('body', 'createTransaction without its Transaction body');
		}
	}

	if (headers['x-apikey'] !== expect.apiKey) fail('api-key', "X-apikey is missing or not the credential's key");
	if (expect.roleId) {
		if (headers['x-su'] !== expect.roleId) fail('role', 'X-su is missing or not the Role ID');
	} else if ('x-su' in headers) {
		fail('role', 'X-su sent without a Role ID');
	}
	if ('authorization' in headers) fail('authorization', "an Authorization header (from the Base URL's user info?)");
	if (expect.identityEncoding && headers['accept-encoding'] !== 'identity') {
		fail('accept-encoding', `Accept-Encoding is ${JSON.stringify(headers['accept-encoding'] ?? null)}, not "identity"`);
	}
	return violations;
}
