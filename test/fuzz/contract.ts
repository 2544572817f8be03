/**
 * Whether one request the simulator received is valid for the wire contract
 * (/work/shared/nextauth-sessions-api.md, kept in the repository as the simulator's source): the
 * method and path shape, each variable part one percent-encoded segment, the headers, the query
 * keys and values, and a JSON body only where the contract has one.
 */
import type { Violation } from './model';
import type { FuzzRequest } from './server';

type BodyRule = 'userContext' | 'transaction' | 'newServer' | 'server' | 'attributes' | 'permissionNames' | 'footer';
type NonceRule = 'required' | 'absent';

interface Route {
	name: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/**
	 * Below /servers/{serverid}, or from the Base URL for a `global` route; ':int' an integer id,
	 * ':id' any id (one segment).
	 */
	pattern: string[];
	/** The path names no server: /servers/, /apikeys/, /attributes/. */
	global?: boolean;
	nonce: NonceRule;
	query?: Record<string, RegExp>;
	requiredQuery?: string[];
	body?: BodyRule;
	/** A body is required (the others' is optional). */
	bodyRequired?: boolean;
}

const LIST_PAGE = { limit: /^[1-9]\d*$/, marker: /^\d+$/ };
const LIST_QUERY = { ...LIST_PAGE, sort: /^.+$/, filter: /^.+$/ };

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
		bodyRequired: true,
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
	// The HTML blocks: GET bodies, each only when set.
	{ name: 'htmlLogin', method: 'GET', pattern: ['sessions', 'html', 'login'], nonce: 'required', body: 'userContext' },
	{
		name: 'htmlEnrol',
		method: 'GET',
		pattern: ['sessions', 'html', 'enrol'],
		nonce: 'required',
		query: { name: /^.+$/s, userid: /^.+$/s },
	},
	{ name: 'htmlFooter', method: 'GET', pattern: ['sessions', 'html', 'footer'], nonce: 'required', body: 'footer' },
	{ name: 'getServers', method: 'GET', pattern: ['servers', ''], global: true, nonce: 'absent', query: LIST_PAGE },
	{
		name: 'createServer',
		method: 'POST',
		pattern: ['servers', ''],
		global: true,
		nonce: 'absent',
		body: 'newServer',
		bodyRequired: true,
	},
	{ name: 'getServer', method: 'GET', pattern: [''], nonce: 'absent' },
	{ name: 'updateServer', method: 'PUT', pattern: [''], nonce: 'absent', body: 'server', bodyRequired: true },
	{ name: 'getAllPermissions', method: 'GET', pattern: ['permissions', ''], nonce: 'absent' },
	{ name: 'getPermissions', method: 'GET', pattern: ['permissions', ':id'], nonce: 'absent' },
	{
		name: 'grantPermissions',
		method: 'POST',
		pattern: ['permissions', ':id'],
		nonce: 'absent',
		body: 'permissionNames',
		bodyRequired: true,
	},
	{ name: 'revokePermissions', method: 'DELETE', pattern: ['permissions', ':id'], nonce: 'absent' },
	{ name: 'getApiKeys', method: 'GET', pattern: ['apikeys', ''], global: true, nonce: 'absent' },
	{
		name: 'createApiKey',
		method: 'POST',
		pattern: ['apikeys', ''],
		global: true,
		nonce: 'absent',
		query: { description: /^.+$/s },
		requiredQuery: ['description'],
	},
	{ name: 'getUserRole', method: 'GET', pattern: ['users', ':id', 'role', ''], nonce: 'absent' },
	{ name: 'getOrCreateUserRole', method: 'POST', pattern: ['users', ':id', 'role', ''], nonce: 'absent' },
	...attributeRoutes('UserAttributes', ['users', ':id', 'attributes']),
	...attributeRoutes('ServerAttributes', ['attributes']),
	...attributeRoutes('PrivilegedAttributes', ['privilegedattributes']),
	...attributeRoutes('GlobalAttributes', ['attributes'], true),
];

/** The five attribute calls below `prefix` (user, server, privileged, global): `get<Name>`, `set<Name>`… */
function attributeRoutes(name: string, prefix: string[], global?: true): Route[] {
	const all = [...prefix, ''];
	const at = { nonce: 'absent' as const, ...(global && { global }) };
	return [
		{ name: `get${name}`, method: 'GET', pattern: all, ...at },
		{ name: `set${name}`, method: 'POST', pattern: all, ...at, body: 'attributes', bodyRequired: true },
		{ name: `update${name}`, method: 'PUT', pattern: all, ...at, body: 'attributes', bodyRequired: true },
		{ name: `delete${name}`, method: 'DELETE', pattern: all, ...at },
		{ name: `delete${name.replace(/s$/, '')}`, method: 'DELETE', pattern: [...prefix, ':id'], ...at },
	];
}

/** The attribute calls of each resource, by the name their routes share (attributeRoutes). */
const ATTRIBUTE_ROUTE_NAMES: Record<string, string> = {
	user: 'UserAttributes',
	server: 'ServerAttributes',
	global: 'GlobalAttributes',
};

/**
 * The contract's calls each operation makes (a wait's status checks included); the server's
 * attribute operations use the PrivilegedAttributes calls instead with Privileged Attributes on.
 */
export const OPERATION_ROUTES: Record<string, string[]> = {
	getSession: ['getSession'],
	getQrLogin: ['getQrLogin'],
	logout: ['logout'],
	provokeLogin: ['provokeLogin', 'getSession'],
	provokeLoginOnAccount: ['provokeLoginOnAccount', 'getSession'],
	provokeLoginOnUser: ['provokeLoginOnUser', 'getSession'],
	createTransaction: ['createTransaction', 'getTransactionResult'],
	getTransactionResult: ['getTransactionResult'],
	getLoginHtml: ['htmlLogin'],
	getEnrolHtml: ['htmlEnrol'],
	getFooterHtml: ['htmlFooter'],
	'account.get': ['getAccount'],
	'account.getAll': ['getAllAccounts'],
	'account.block': ['updateAccount'],
	'account.unblock': ['updateAccount'],
	'account.setUser': ['updateAccountUser'],
	'account.delete': ['deleteAccount'],
	'user.getAll': ['getUsers'],
	'user.getAccounts': ['getUser'],
	'user.delete': ['deleteUser'],
	'user.deleteAccounts': ['deleteUserAccounts'],
	'user.getRole': ['getUserRole'],
	'user.getOrCreateRole': ['getOrCreateUserRole'],
	'server.get': ['getServer'],
	'server.getAll': ['getServers'],
	'server.create': ['createServer'],
	'server.update': ['getServer', 'updateServer'],
	'permission.getAll': ['getAllPermissions'],
	'permission.get': ['getPermissions'],
	'permission.set': ['grantPermissions'],
	'permission.revoke': ['revokePermissions'],
	'apiKey.getAll': ['getApiKeys'],
	'apiKey.create': ['createApiKey'],
	...Object.fromEntries(
		Object.entries(ATTRIBUTE_ROUTE_NAMES).flatMap(([resource, name]) => [
			[`${resource}.getAttributes`, [`get${name}`]],
			[`${resource}.setAttributes`, [`set${name}`]],
			[`${resource}.updateAttributes`, [`update${name}`]],
			[`${resource}.deleteAttributes`, [`delete${name}`]],
			[`${resource}.deleteAttribute`, [`delete${name.replace(/s$/, '')}`]],
		]),
	),
};

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
	const segments = rawPath.split('/');
	return ROUTES.find((route) => {
		if (route.method !== method || (!route.global && segments[1] !== 'servers')) return false;
		const rest = segments.slice(route.global ? 1 : 3);
		return (
			route.pattern.length === rest.length &&
			route.pattern.every((part, index) => (part.startsWith(':') ? rest[index] !== '' : part === rest[index]))
		);
	});
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

const isText = (value: unknown) => typeof value === 'string';
const isInteger = (minimum: number) => (value: unknown) => Number.isInteger(value) && (value as number) >= minimum;

/** The fields of a Server a client sets, each with what its value must be. */
export const SETTABLE_SERVER_FIELDS: Record<string, (value: unknown) => boolean> = {
	serverName: isText,
	logo: (value) => isText(value) && /^[A-Za-z0-9+/]*={0,2}$/.test(value as string),
	pinTimeout: isInteger(-1),
	pinTransTimeout: isInteger(-1),
	pingTime: isInteger(0),
	serverFlags: (value) => Array.isArray(value) && value.every(isText),
	appname: isText,
	appurl: isText,
	appios: isText,
	appandroid: isText,
	siteurl: isText,
};

/** A permission name as the API writes them: `sessions`, `createserver`… */
const PERMISSION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** What each kind of body must be; a sentence for the first problem found. */
const BODY_RULES: Record<BodyRule, (body: unknown) => string | undefined> = {
	transaction: (body) => {
		if (!isObject(body)) return 'a Transaction object is required';
		const unknown = Object.keys(body).filter((key) => !['amount', 'benificiary', 'description'].includes(key));
		if (unknown.length > 0) return `unknown Transaction fields ${unknown.join(', ')}`;
		if (!Object.values(body).every(isText)) return 'Transaction fields must be strings';
		return undefined;
	},
	userContext: (body) => {
		if (!isObject(body)) return 'the UserContext must be an object';
		for (const [part, info] of Object.entries(body)) {
			if (part !== 'announceinfo' && part !== 'sessioninfo') return `unknown UserContext field ${part}`;
			if (!isObject(info)) return `${part} must be an object`;
			const unknown = Object.keys(info).filter((key) => !['ip', 'useragent', 'logo', 'info'].includes(key));
			if (unknown.length > 0) return `unknown SessionInfo fields ${unknown.join(', ')}`;
			if (info.info !== undefined && !isObject(info.info)) return `${part}.info must be an object`;
		}
		return undefined;
	},
	// A new Server: only fields a client sets (the API makes serverid, serverpk, validtime…), each of its type.
	newServer: (body) => {
		if (!isObject(body)) return 'a Server object is required';
		for (const [field, value] of Object.entries(body)) {
			if (!Object.hasOwn(SETTABLE_SERVER_FIELDS, field)) return `${field} is no field a client sets`;
			if (!SETTABLE_SERVER_FIELDS[field](value)) return `${field} is ${JSON.stringify(value).slice(0, 60)}`;
		}
		return undefined;
	},
	// The whole Server as read, with changes: what it holds is checked against the read (invariants.ts).
	server: (body) => (isObject(body) ? undefined : 'a Server object is required'),
	attributes: (body) => {
		if (!isObject(body)) return 'a JSON object of attributes is required';
		if (Object.keys(body).some((key) => key.trim() === '')) return 'an attribute key is empty';
		if (!Object.values(body).every(isText)) return 'attribute values must be strings';
		return undefined;
	},
	permissionNames: (body) => {
		if (!Array.isArray(body) || body.length === 0) return 'a JSON array of permission names is required';
		if (!body.every((name) => isText(name) && PERMISSION_NAME.test(name))) return 'not all are permission names';
		if (new Set(body).size !== body.length) return 'a permission name given twice';
		return undefined;
	},
	footer: (body) => {
		if (!isObject(body) || Object.keys(body).join() !== 'sessions' || !Array.isArray(body.sessions))
			return 'an object { sessions: [...] } is required';
		if (body.sessions.length === 0) return 'an empty list of sessions (send no body instead)';
		const valid = (session: unknown) =>
			isObject(session) &&
			Object.keys(session).sort().join() === 'serverid,sessionid' &&
			Object.values(session).every((value) => isText(value) && value !== '');
		return body.sessions.every(valid) ? undefined : 'each session must be { serverid, sessionid }, both not empty';
	},
};

/** The contract violations of one request. */
export function checkRequest(request: FuzzRequest, expect: ContractExpectations): Violation[] {
	const violations: Violation[] = [];
	const fail = (what: string, detail: string) =>
		violations.push({ cls: `contract:${what}`, detail: `${request.method} ${request.rawUrl}: ${detail}` });
	const headers = request.headers;
	const rawPath = request.url.split('?')[0];
	const rawSegments = rawPath.split('/');

	for (const raw of rawSegments.slice(1)) {
		if (!RAW_SEGMENT.test(raw)) fail('path-encoding', `segment ${JSON.stringify(raw)} is not percent-encoded`);
		else if (decodeSegment(raw) === undefined)
			fail('path-encoding', `segment ${JSON.stringify(raw)} is not valid percent-encoded UTF-8`);
	}
	const route = routeOf(request.method, rawPath);
	// Every call but the tenant's (global) names its server.
	if (!route?.global) {
		if (rawSegments[1] !== 'servers' || rawSegments.length < 4) fail('path', 'not below /servers/{serverid}/');
		const serverId = decodeSegment(rawSegments[2] ?? '');
		if (!serverId || serverId === '.' || serverId === '..')
			fail('path', `server id segment ${JSON.stringify(rawSegments[2])}`);
	}

	if (!route) {
		fail('unknown-route', 'no operation of the contract has this method and path');
	} else {
		route.pattern.forEach((part, index) => {
			const raw = rawSegments[(route.global ? 1 : 3) + index];
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
					const problem = BODY_RULES[route.body](parsed);
					if (problem) fail('body', `${route.name}: ${problem}`);
				}
				if (!String(headers['content-type'] ?? '').startsWith('application/json'))
					fail('body', `${route.name}: a body without Content-Type application/json`);
			}
		} else if (route.bodyRequired) {
			fail('body', `${route.name} without its body`);
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
