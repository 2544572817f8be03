import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import type * as Errors from '../../../../nodes/shared/transport/errors';
import { packageModule, type NodeName } from '../../../harness/n8nEngine';
import { useSuite } from '../../../harness/suite';

const WEB_PAGE =
	"The answer (200) was a web page, not the nextAuth API's: the Base URL in the NextAuth credential probably points at a web page, a proxy or a captive portal rather than the nextAuth API";

const PORTAL_PAGE = '\n  <!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** Every call that answers with no body (or with JSON) on success: none may report success on a page. */
const CALLS: Array<[string, NodeName, INodeParameters]> = [
	['Log Out', 'nextAuthSessions', { operation: 'logout', nonce: 'n' }],
	['Push Login', 'nextAuthSessions', { operation: 'provokeLogin', nonce: 'n' }],
	['Push Login to Account', 'nextAuthSessions', { operation: 'provokeLoginOnAccount', nonce: 'n', accountId: rl('1') }],
	['Push Login to User', 'nextAuthSessions', { operation: 'provokeLoginOnUser', nonce: 'n', userId: rl('alice') }],
	['Push Login with Wait for Login', 'nextAuthSessions', { operation: 'provokeLogin', nonce: 'n', waitForLogin: true }],
	[
		'Request Approval',
		'nextAuthSessions',
		{ operation: 'createTransaction', nonce: 'n', transactionDescription: 'ok?' },
	],
	['account Delete', 'nextAuth', { resource: 'account', operation: 'delete', accountId: rl('1') }],
	['account Block', 'nextAuth', { resource: 'account', operation: 'block', accountId: rl('1') }],
	['account Unblock', 'nextAuth', { resource: 'account', operation: 'unblock', accountId: rl('1') }],
	['user Delete', 'nextAuth', { resource: 'user', operation: 'delete', userId: rl('alice') }],
	['user Delete Accounts', 'nextAuth', { resource: 'user', operation: 'deleteAccounts', userId: rl('alice') }],
	['account Get Many', 'nextAuth', { resource: 'account', operation: 'getAll' }],
];

describe('answers that are not the API: a web page answering 200', () => {
	const suite = useSuite();
	const run = async (node: NodeName, parameters: INodeParameters, continueOnFail = false) =>
		await suite.engine.run({ node, parameters, credentials: suite.credentials(), continueOnFail });

	beforeEach(() => suite.simulator.resetWorld());

	it.each(CALLS)('%s fails, naming the Base URL as the likely cause', async (_, node, parameters) => {
		suite.simulator.failNext(5, { status: 200, contentType: 'text/html; charset=utf-8', body: PORTAL_PAGE });
		const { error, items } = await run(node, parameters);
		expect(error?.message).toBe(WEB_PAGE);
		expect(items).toEqual([]);
		expect(suite.simulator.requests).toHaveLength(1);
		expect(suite.simulator.pushes).toEqual([]);
	});

	it('a page is a page whatever its Content-Type says', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: '<html></html>' });
		const { error } = await run('nextAuthSessions', { operation: 'logout', nonce: 'n' });
		expect(error?.message).toBe(WEB_PAGE);
	});

	it('gives an error item, not success, with continue-on-fail', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body: PORTAL_PAGE });
		const { error, items } = await run(
			'nextAuth',
			{ resource: 'user', operation: 'delete', userId: rl('alice') },
			true,
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ error: WEB_PAGE }]);
	});

	it('refuses a page as the login QR code when it says it is HTML', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body: PORTAL_PAGE });
		const { error, items } = await run('nextAuthSessions', { operation: 'getQrLogin', nonce: 'n', qrFormat: 'raw' });
		expect(error?.message).toBe(WEB_PAGE);
		expect(items).toEqual([]);
	});

	it('still takes the empty answer, or "OK", of a write, whatever its Content-Type (servers label any answer text/html)', async () => {
		for (const body of ['', 'OK', '\n']) {
			suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body });
			const { error, items } = await run('nextAuthSessions', { operation: 'logout', nonce: 'n' });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ success: true });
		}
	});

	it('still takes raw QR data that starts with "<" when not labelled HTML', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: '<qr-bytes>' });
		const { error, items } = await run('nextAuthSessions', { operation: 'getQrLogin', nonce: 'n', qrFormat: 'raw' });
		expect(error).toBeUndefined();
		expect(items[0].json.loginqrdata).toBe(Buffer.from('<qr-bytes>').toString('base64'));
	});
});

describe('transport modules', () => {
	const TRANSPORT = path.resolve(__dirname, '../../../../nodes/shared/transport');

	/** The package-local imports of each transport module, type-only ones included (a loop is a loop). */
	function importGraph(): Map<string, string[]> {
		const graph = new Map<string, string[]>();
		for (const file of readdirSync(TRANSPORT).filter((name) => name.endsWith('.ts'))) {
			const source = readFileSync(path.join(TRANSPORT, file), 'utf8');
			const imports = [...source.matchAll(/from '\.\/([\w.]+)'/g)].map((match) => `${match[1]}.ts`);
			graph.set(file, imports);
		}
		return graph;
	}

	it('import no loop (error classes live in errors.ts, which imports no other part of the transport that imports it)', () => {
		const graph = importGraph();
		const loops: string[] = [];
		const visit = (file: string, trail: string[]) => {
			if (trail.includes(file)) {
				loops.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
				return;
			}
			for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
		};
		for (const file of graph.keys()) visit(file, []);
		expect(loops).toEqual([]);
	});
});

describe('error sentences', () => {
	const errors = packageModule<typeof Errors>('nodes/shared/transport/errors');

	it("tells n8n's refusals by their names (SsrfBlockedIpError, SsrfBlockedHostnameError) and nothing else", () => {
		const named = (name: string) => Object.assign(new Error('refused'), { name });
		expect(
			[
				'SsrfBlockedIpError',
				'SsrfBlockedHostnameError',
				'NotSsrfBlockedIpError',
				'SsrfBlockedIpErrorToo',
				'TypeError',
			].map((name) => errors.isEgressRefusal(named(name))),
		).toEqual([true, true, false, false, false]);
		expect(errors.isEgressRefusal({ name: 'SsrfBlockedIpError' })).toBe(false);
	});

	const {
		NextAuthHttpError,
		NextAuthNetworkError,
		NextAuthResponseError,
		AnswerTooLargeError,
		AnswerEncodingError,
		redactorFor,
	} = errors;
	const KEY = 'K-errors-0123456789abcdef';
	// A credential and its redactor made in each test, not while the file is read: mutation testing
	// switches a mutant on only once the tests start, and redactors are kept per credential object.
	let credentials: Parameters<typeof redactorFor>[0] & Parameters<typeof errors.describeFailure>[1];
	let redact: Errors.Redact;
	beforeEach(() => {
		credentials = {
			apiKey: KEY,
			roleId: 'role-errors',
			serverId: 's',
			baseUrl: 'https://api.example',
			ignoreSSLIssues: false,
		};
		redact = redactorFor(credentials);
	});
	const request = { permission: 'sessions', notFound: 'check the nonce' };
	const httpError = (statusCode: number, contentType = '', body = '', retryAfter?: string | string[]) =>
		new NextAuthHttpError(request, statusCode, contentType, Buffer.from(body), retryAfter, redact);
	const baseUrl = new URL('https://api.example:8443/v2');
	const networkError = (error: unknown, cancelled = false) =>
		NextAuthNetworkError.from(error, baseUrl, { timeoutMs: 1500, cancellation: { cancelled } }).message;

	it('quotes a value whole up to 60 characters, and shortened, with its length, beyond', () => {
		expect(errors.quote('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
		expect(errors.quote('x'.repeat(61))).toBe(`"${'x'.repeat(60)}…" (61 characters)`);
	});

	it('names each error class, as logs show it', () => {
		const error = httpError(418);
		expect([error.name, error.message]).toEqual(['NextAuthHttpError', 'nextAuth API answered 418']);
		expect(
			[
				new NextAuthNetworkError('n'),
				new NextAuthResponseError('r'),
				new AnswerTooLargeError(1),
				new AnswerEncodingError('x', 'corrupt'),
			].map((each) => each.name),
		).toEqual(['NextAuthNetworkError', 'NextAuthResponseError', 'AnswerTooLargeError', 'AnswerEncodingError']);
	});

	it('says what each status means', () => {
		const said = (statusCode: number, failed: Errors.FailedRequest = request) =>
			errors.statusSentence(statusCode, failed);
		expect(said(400)).toBe('The nextAuth API rejected the request as invalid (400)');
		expect(said(401)).toBe('The API key was refused (401): check the API key in the NextAuth credential');
		expect(said(403)).toBe(
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(said(404)).toBe('Not found (404): check the nonce');
		expect(said(404, { permission: 'users' })).toBe('Not found (404): check the server ID');
		expect(said(429)).toBe('Too many requests (429): the nextAuth API is rate limiting, try again later');
		expect(said(500)).toBe('The nextAuth API had a server error (500), try again later');
		expect(said(599)).toBe('The nextAuth API had a server error (599), try again later');
		expect(said(499)).toBe('The nextAuth API answered with an unexpected status (499)');
		expect(said(304)).toBe('The nextAuth API answered with an unexpected status (304)');
		expect(said(302)).toBe(
			'The nextAuth API answered with a redirect (302): the Base URL probably points at the wrong place',
		);
		expect(errors.redirectSentence(307, 'https://elsewhere.example')).toBe(
			'The nextAuth API answered with a redirect (307) to https://elsewhere.example: the Base URL probably points at the wrong place',
		);
		expect([299, 300, 304, 308, 399, 400].map((statusCode) => errors.isRedirect(statusCode))).toEqual([
			false,
			true,
			false,
			true,
			true,
			false,
		]);
	});

	it("takes the API's own words from a JSON message or error, or from short text, redacted before they are cut", () => {
		expect(
			httpError(400, 'application/json', JSON.stringify({ message: 'bad nonce', error: 'other' })).apiMessage,
		).toBe('bad nonce');
		expect(httpError(400, 'application/json', JSON.stringify({ message: 7, error: 'bad user' })).apiMessage).toBe(
			'bad user',
		);
		expect(httpError(400, 'application/json', JSON.stringify({ code: 7 })).apiMessage).toBe('{"code":7}');
		expect(httpError(400, 'application/json', JSON.stringify(['a'])).apiMessage).toBe('["a"]');
		expect(httpError(400, 'application/problem+json', 'not json').apiMessage).toBe('not json');
		expect(httpError(400, 'text/plain', '{"message":"inner"}').apiMessage).toBe('{"message":"inner"}');
		expect(httpError(400, 'text/plain', `  key ${KEY} refused  `).apiMessage).toBe('key *** refused');
		expect(httpError(400, 'text/plain', 'role-errors').apiMessage).toBe('***');
		expect(httpError(400, 'application/octet-stream', 'bytes').apiMessage).toBeUndefined();
		expect(httpError(400, 'text/plain', '  ').apiMessage).toBeUndefined();
		expect(httpError(400, 'text/plain', `${'x'.repeat(299)}${KEY}`).apiMessage).toBe(`${'x'.repeat(299)}*`);
		expect(httpError(400, 'application/json', JSON.stringify({ message: 'y'.repeat(400) })).apiMessage).toBe(
			'y'.repeat(300),
		);
		expect(httpError(400, 'text/plain', 'z'.repeat(400)).apiMessage).toBe('z'.repeat(300));
	});

	it('keeps the first Retry-After, and counts the retries and notes in the full sentence', () => {
		expect(httpError(429, '', '', ['7', '9']).retryAfter).toBe('7');
		expect(httpError(429, '', '', '5').retryAfter).toBe('5');
		const error = httpError(503);
		expect(error.fullSentence).toBe('The nextAuth API had a server error (503), try again later');
		error.retries = 1;
		expect(error.fullSentence).toBe(
			'The nextAuth API had a server error (503), try again later (gave up after 1 retry)',
		);
		error.retries = 2;
		error.note = 'a note';
		expect(error.fullSentence).toBe(
			'The nextAuth API had a server error (503), try again later (gave up after 2 retries; a note)',
		);
		const explained = new NextAuthHttpError(
			{ ...request, explain: (statusCode, apiMessage) => `own ${statusCode} ${apiMessage}` },
			409,
			'text/plain',
			Buffer.from('taken'),
			undefined,
			redact,
		);
		expect(explained.sentence).toBe('own 409 taken');
		const paused = NextAuthHttpError.pausedByRateLimit(request, 2001);
		expect([paused.statusCode, paused.fullSentence]).toEqual([
			429,
			"Too many requests (429): the nextAuth API is rate limiting, try again later (not sent: an earlier 429 paused this credential's requests for another 3 s, longer than this request may wait)",
		]);
	});

	it('names each network failure in words, keeping the code and the low-level message as the detail', () => {
		const where = 'the nextAuth API at https://api.example:8443';
		const failures: Record<string, string> = {
			ECONNREFUSED: 'the connection was refused',
			ECONNRESET: 'the connection was closed unexpectedly',
			UND_ERR_SOCKET: 'the connection was closed unexpectedly',
			ENOTFOUND: 'its host name could not be resolved',
			EAI_AGAIN: 'its host name could not be resolved',
			UND_ERR_CONNECT_TIMEOUT: 'connecting took too long',
			UND_ERR_CLOSED: 'the connection was closed unexpectedly',
			EHOSTUNREACH: 'the host is unreachable',
			ENETUNREACH: 'the network is unreachable',
			EWHATEVER: 'the request failed',
		};
		for (const [code, words] of Object.entries(failures)) {
			expect(networkError(Object.assign(new Error('low level'), { code }))).toBe(`Could not reach ${where}: ${words}`);
		}
		const tls = NextAuthNetworkError.from(
			Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
			baseUrl,
			{ timeoutMs: 1 },
		);
		expect([tls.message, (tls as Errors.NextAuthNetworkError).detail]).toEqual([
			`Could not reach ${where}: its TLS certificate was not accepted`,
			'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
		]);
		expect(networkError(new Error('unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'))).toBe(
			`Could not reach ${where}: its TLS certificate was not accepted`,
		);
		const odd = NextAuthNetworkError.from('a string thrown', baseUrl, { timeoutMs: 1 }) as Errors.NextAuthNetworkError;
		expect([odd.message, odd.detail]).toEqual([`Could not reach ${where}: the request failed`, 'a string thrown']);
		for (const timeout of [
			{ name: 'TimeoutError' },
			{ name: 'AbortError' },
			{ code: 'UND_ERR_HEADERS_TIMEOUT' },
			{ code: 'UND_ERR_BODY_TIMEOUT' },
		]) {
			expect(networkError(Object.assign(new Error('t'), timeout))).toBe(
				`The request to ${where} timed out after 1500 ms`,
			);
		}
		expect(networkError(Object.assign(new Error('t'), { name: 'TimeoutError' }), true)).toBe(
			'The request was cancelled',
		);
		const own = new NextAuthNetworkError('already said');
		expect(NextAuthNetworkError.from(own, baseUrl, { timeoutMs: 1 })).toBe(own);
	});

	it('says how large an answer was allowed to be, and why a compressed one was not used', () => {
		const where = 'the nextAuth API at https://api.example:8443';
		expect(networkError(new AnswerTooLargeError(1024 * 1024))).toBe(
			`The answer of ${where} was larger than 1 MB, the most this call reads: it was not read and the connection was closed`,
		);
		expect(networkError(new AnswerTooLargeError(1.5 * 1024 * 1024))).toBe(
			`The answer of ${where} was larger than 1.5 MB, the most this call reads: it was not read and the connection was closed`,
		);
		expect(new AnswerTooLargeError(10).message).toBe('The answer is larger than 10 bytes');
		const unsupported = new AnswerEncodingError('zstd', 'unsupported');
		expect(unsupported.message).toBe("The answer's Content-Encoding zstd could not be decoded (unsupported)");
		const fromUnsupported = NextAuthNetworkError.from(unsupported, baseUrl, { timeoutMs: 1 });
		expect([fromUnsupported instanceof NextAuthResponseError, fromUnsupported.message]).toEqual([
			true,
			'The nextAuth API answered with a body compressed as "zstd" although none was asked for, and an encoding this node cannot decode: the answer was not used',
		]);
		expect(networkError(new AnswerEncodingError('gzip', 'corrupt'))).toBe(
			'The nextAuth API answered with a body compressed as "gzip" although none was asked for, and it could not be decoded: the answer was not used',
		);
	});

	it("names what n8n's SSRF protection refused: the host, its address, or the proxy", () => {
		const refused = (fields: object, url = baseUrl) =>
			NextAuthNetworkError.refusedByEgress(Object.assign(new Error('blocked'), fields), url).message;
		const sentence = (target: string) =>
			`n8n's SSRF protection does not allow requests to ${target}; an admin can allow it with N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES`;
		expect(refused({ hostname: 'blocked.example' })).toBe(sentence('blocked.example'));
		expect(refused({ ip: '10.0.0.1' })).toBe(sentence('api.example (10.0.0.1)'));
		expect(refused({ ip: '::1' }, new URL('http://[::1]:80/'))).toBe(sentence('::1'));
		expect(refused({})).toBe(sentence('api.example'));
		expect(refused({ ip: '10.0.0.1', proxy: 'proxy.example' })).toBe(sentence('the proxy proxy.example'));
		const egressRefusal = Object.assign(new Error('blocked'), { name: 'SsrfBlockedIpError', ip: '10.0.0.2' });
		const from = NextAuthNetworkError.from(egressRefusal, baseUrl, { timeoutMs: 1 }) as Errors.NextAuthNetworkError;
		expect([from.message, from.detail]).toEqual([sentence('api.example (10.0.0.2)'), 'blocked']);
	});

	it("turns each kind into n8n's error with the message, the API's redacted words as the description, and the status", () => {
		const node = {
			id: '1',
			name: 'NextAuth',
			type: 'nextAuth',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const api = errors.toNodeApiError(node, httpError(404, 'text/plain', `no ${KEY} here`), credentials, 3);
		expect([api.message, api.description, api.httpCode, api.context.itemIndex]).toEqual([
			'Not found (404): check the nonce',
			'no *** here',
			'404',
			3,
		]);
		const network = errors.toNodeApiError(
			node,
			new NextAuthNetworkError(`failed for ${KEY}`, `detail ${KEY}`),
			credentials,
		);
		expect([network.message, network.description, network.httpCode]).toEqual(['failed for ***', 'detail ***', null]);
		expect(errors.describeFailure(new NextAuthResponseError('plain'), credentials)).toEqual({
			message: 'plain',
			description: undefined,
		});
		expect(errors.describeFailure(httpError(500), credentials)).toEqual({
			message: 'The nextAuth API had a server error (500), try again later',
			description: undefined,
			httpCode: '500',
		});
		expect(
			[httpError(500), new NextAuthNetworkError('n'), new NextAuthResponseError('r'), new Error('e'), 'text'].map(
				(error) => errors.isNextAuthError(error),
			),
		).toEqual([true, true, true, false, false]);
	});
});
