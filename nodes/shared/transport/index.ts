/**
 * The one place that speaks HTTP to the nextAuth API.
 *
 * undici rather than n8n's request helpers: those delete the body of GET requests, and the QR-login
 * call is a GET that carries a JSON body (see docs/architecture.md, "Why undici").
 */
import type { IDataObject, NodeEgressFilter } from 'n8n-workflow';

import { Cancellation } from './cancellation';
import { connectionFor, type Connection } from './connections';
import type { NextAuthCredentials } from './credentials';
import {
	isEgressRefusal,
	isRedirect,
	NextAuthHttpError,
	NextAuthNetworkError,
	NextAuthResponseError,
	redirectSentence,
	type Redact,
} from './errors';
import { exchange, type Answer, type ExchangeProgress } from './exchange';
import { parseJson } from './json';
import { DEFAULT_TIMEOUT_MS, MAX_JSON_BYTES, MAX_POOL_PAUSE_MS } from './limits';
import type { RedactOptions } from './redaction';
import { DEFAULT_RETRY, isIdempotent, retryDelay, shouldRetry, type RetryPolicy } from './retry';
import { authHeaders, credentialHeaderProblem, pathSegmentProblem } from './wire';

export { Cancellation } from './cancellation';

export interface NextAuthRequest {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Path below `/servers/{serverid}` (from the Base URL with `global`); variable parts go through `pathSegment()`. */
	path: string;
	/** The call names no server (`/servers/`, `/apikeys/`, `/attributes/`): `path` starts at the Base URL. */
	global?: boolean;
	query?: Record<string, string | number>;
	/** Sent as JSON; leave out for no body at all. */
	body?: IDataObject | string[];
	accept?: string;
	/** The permission(s) the call needs, for the 403 message, e.g. `sessions or users`. */
	permission: string;
	/** What a 404 means for this call, as a sentence. */
	notFound?: string;
	/** The most bytes of answer read; MAX_JSON_BYTES when not given. */
	maxBytes?: number;
	/** A call's own sentence for an error status (see FailedRequest). */
	explain?: (statusCode: number, apiMessage: string | undefined) => string | undefined;
	/** The call names no session: no X-nonce, even when the item has a nonce. */
	withoutNonce?: boolean;
	/**
	 * Whether sending the request twice has the effect of sending it once; from the method when
	 * not given (POST is not, see `isIdempotent`). A request that is not is sent again only when
	 * the API cannot have acted on it: after a 429, or when its connection failed before it was
	 * written. Never after a 503, a timeout or a connection closed once it was written.
	 */
	idempotent?: boolean;
	/** What the API may have done when such a write failed, for its error, e.g. `pushed the login`. */
	effect?: string;
}

export interface NextAuthResponse {
	statusCode: number;
	contentType: string;
	body: Buffer;
	/** Removes the credential's secrets from text made of the answer. */
	redact: Redact;
	/** The server's clock when it answered (its Date header, ms since epoch), when it said. */
	date?: number;
}

export interface RequestSettings {
	serverId: string;
	/** Sent as X-nonce; every session call needs one. */
	nonce?: string;
	/** Bounds each attempt end to end (waiting for a socket and the answer's body included); DEFAULT_TIMEOUT_MS when not given. */
	timeoutMs?: number;
	/** The run's cancellation (n8n's stop button); none for the editor's calls. */
	cancellation?: Cancellation;
	/** Retries of 429 and 503 answers; DEFAULT_RETRY when not given. */
	retry?: RetryPolicy;
	/** n8n's egress (SSRF) filter, from `this.helpers.getSecureEgressFilter()`; see egress.ts. */
	egress?: NodeEgressFilter;
	/**
	 * The end of a wait this call is part of (ms since epoch): no attempt, retry wait or pause
	 * goes past it. None when not given.
	 */
	deadline?: number;
}

/**
 * Encodes one path segment: `/`, `?`, `%`, `+`, `=`… can never leave it. Values are checked with
 * their field's name before they get here (ParameterCheck.pathId); `field` names the value in
 * case one was not.
 */
export function pathSegment(value: string, field = 'ID'): string {
	const problem = pathSegmentProblem(value);
	if (problem) throw new NextAuthNetworkError(`${field}: ${problem}`);
	return encodeURIComponent(value);
}

export function buildPath(baseUrl: URL, serverId: string, request: NextAuthRequest): string {
	const basePath = baseUrl.pathname.replace(/\/+$/, '');
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(request.query ?? {})) query.set(name, String(value));
	const search = query.size > 0 ? `?${query.toString()}` : '';
	const server = request.global ? '' : `/servers/${pathSegment(serverId, 'Server ID')}`;
	return `${basePath}${server}${request.path}${search}`;
}

function requestHeaders(
	credentials: NextAuthCredentials,
	request: NextAuthRequest,
	settings: RequestSettings,
	body: string | undefined,
): Record<string, string> {
	// Refused before any request: a header undici cannot write would fail as "the request failed".
	const problem = credentialHeaderProblem(credentials);
	if (problem) throw new NextAuthNetworkError(problem);
	const headers: Record<string, string> = {
		...authHeaders(credentials),
		accept: request.accept ?? 'application/json',
		// No compression: with no Accept-Encoding any encoding would be acceptable (RFC 9110).
		'accept-encoding': 'identity',
		'user-agent': 'n8n-nodes-nextauth',
	};
	if (settings.nonce !== undefined && !request.withoutNonce) headers['x-nonce'] = settings.nonce;
	if (body !== undefined) headers['content-type'] = 'application/json';
	return headers;
}

interface AttemptLimits {
	/** What is left of the attempt's time when it is sent. */
	timeoutMs: number;
	/**
	 * The time the request was given (its Timeout, or less where the wait it is part of ends
	 * first): what a timeout's message names, whatever time passed before the attempt was sent.
	 */
	allowedMs: number;
	cancellation: Cancellation;
}

/** How far an attempt got (see ExchangeProgress), and whether it ended on a closed connection. */
interface AttemptTrace extends ExchangeProgress {
	/** The connection was closed or reset under the request (not a timeout, not a refusal). */
	closed: boolean;
	/**
	 * That connection may have carried earlier exchanges (a kept-alive one): undici's SocketError
	 * says how many bytes it had read; a bare ECONNRESET or EPIPE says nothing, so it may have.
	 */
	reused: boolean;
}

/** undici's and Node's codes for a connection closed or reset by the other side. */
const CLOSED_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * Network failures a later call may not meet: a timeout, a refused, reset or unreachable
 * connection. Not a cancellation, a refusal by n8n's egress filter or an oversized answer.
 */
const passingNetworkFailures = new WeakSet<Error>();

/**
 * Whether a later call may succeed where this one failed: a network failure or timeout (not a
 * cancellation or an egress refusal), a 5xx or a 429. A wait checks again after such a failure.
 */
export function isPassingFailure(error: unknown): boolean {
	if (error instanceof NextAuthHttpError) return error.statusCode === 429 || error.statusCode >= 500;
	return error instanceof NextAuthNetworkError && passingNetworkFailures.has(error);
}

async function sendOnce(
	connection: Connection,
	path: string,
	headers: Record<string, string>,
	request: NextAuthRequest,
	body: string | undefined,
	limits: AttemptLimits,
	trace: AttemptTrace,
): Promise<NextAuthResponse> {
	const { baseUrl, redact } = connection;
	let answer: Answer;
	try {
		answer = await exchange(
			connection.dispatcher,
			{
				origin: baseUrl.origin,
				path,
				method: request.method,
				headers,
				body,
				// undici closes the connection after a GET that carries a body (a server might leave the
				// body unread), so each QR call with a user context would pay a new connection and TLS
				// handshake: many times slower over HTTPS (docs/performance.md). Kept open, a server that ignored
				// the body would read it as the next request line; the body is JSON, so that line starts
				// with `{`, is no request, and gets a 400: an error item, never another item's answer
				// (transport/connections.test.ts shows it).
				...(body !== undefined && request.method === 'GET' && { reset: false }),
			},
			{ ...limits, maxBytes: request.maxBytes ?? MAX_JSON_BYTES },
			trace,
		);
	} catch (error) {
		const { name, code, socket } = (error ?? {}) as { name?: string; code?: unknown; socket?: { bytesRead?: number } };
		trace.closed = typeof code === 'string' && CLOSED_CONNECTION.has(code);
		trace.reused = socket === undefined || (socket.bytesRead ?? 0) > 0;
		const failure = NextAuthNetworkError.from(error, baseUrl, {
			timeoutMs: limits.allowedMs,
			cancellation: limits.cancellation,
		});
		const passing = name === 'TimeoutError' || (typeof code === 'string' && !isEgressRefusal(error));
		if (passing && !limits.cancellation.cancelled) passingNetworkFailures.add(failure);
		throw failure;
	}
	const contentType = String(answer.headers['content-type'] ?? '');
	if (answer.statusCode >= 200 && answer.statusCode < 300) {
		if (isWebPage(request, contentType, answer.body)) throw NextAuthResponseError.webPage(answer.statusCode);
		const date = Date.parse(String(answer.headers.date ?? ''));
		return {
			statusCode: answer.statusCode,
			contentType,
			body: answer.body,
			redact,
			...(Number.isFinite(date) && { date }),
		};
	}
	const retryAfter = answer.headers['retry-after'];
	// A redirect is never followed (it would carry the API key elsewhere): the error says where it pointed.
	const failed = isRedirect(answer.statusCode)
		? withRedirectSentence(request, redirectTarget(answer.headers.location, `${baseUrl.origin}${path}`, redact))
		: request;
	throw new NextAuthHttpError(failed, answer.statusCode, contentType, answer.body, retryAfter, redact);
}

/** The most characters of a redirect's origin a message shows (a host name has at most 253). */
const MAX_SHOWN_ORIGIN_LENGTH = 300;

/**
 * The origin a Location header points at, resolved against the request's URL: no user info,
 * path or query. Undefined when there is none (no Location, not a URL, or an opaque one such
 * as `mailto:`).
 */
function redirectTarget(
	location: string | string[] | undefined,
	requestUrl: string,
	redact: Redact,
): string | undefined {
	// Redacted before it is parsed too: parsing lower-cases the host, and a key spelled in lower
	// case is no longer found.
	const value = redact.text((Array.isArray(location) ? location[0] : location) ?? '');
	if (!value || !URL.canParse(value, requestUrl)) return undefined;
	const { origin } = new URL(value, requestUrl);
	if (origin === 'null') return undefined;
	const shown = redact.text(origin);
	return shown.length > MAX_SHOWN_ORIGIN_LENGTH ? `${shown.slice(0, MAX_SHOWN_ORIGIN_LENGTH)}…` : shown;
}

function withRedirectSentence(request: NextAuthRequest, target: string | undefined): NextAuthRequest {
	return { ...request, explain: (statusCode) => redirectSentence(statusCode, target) };
}

/**
 * Sends one request and reads the whole answer, retrying 429 and 503 as the retry policy allows
 * (a 429 makes every request of the same connection wait). Resolves only for 2xx; throws
 * `NextAuthHttpError` for an error status and `NextAuthNetworkError` when no answer could be had.
 */
export async function sendNextAuthRequest(
	credentials: NextAuthCredentials,
	request: NextAuthRequest,
	settings: RequestSettings,
): Promise<NextAuthResponse> {
	const connection = connectionFor(credentials, settings.egress);
	connection.active++;
	try {
		return await sendWithRetries(connection, credentials, request, settings);
	} finally {
		connection.active--;
		connection.lastUsed = Date.now();
	}
}

async function sendWithRetries(
	connection: Connection,
	credentials: NextAuthCredentials,
	request: NextAuthRequest,
	settings: RequestSettings,
): Promise<NextAuthResponse> {
	const path = buildPath(connection.baseUrl, settings.serverId, request);
	const body = request.body === undefined ? undefined : JSON.stringify(request.body);
	const headers = requestHeaders(credentials, request, settings, body);
	const retry = settings.retry ?? DEFAULT_RETRY;
	const idempotent = isIdempotent(request.method, request.idempotent);
	const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const cancellation = settings.cancellation ?? new Cancellation();
	const deadline = settings.deadline ?? Infinity;
	/** Marks the pause this request sets, so that only its own cancellation lifts it. */
	const self = {};
	let waitedMs = 0;
	let resentOnNewConnection = false;
	for (let attempt = 0; ; attempt++) {
		const refusal = await connection.target.refusal().catch((error: unknown) => {
			throw NextAuthNetworkError.from(error, connection.baseUrl, { timeoutMs, cancellation });
		});
		if (refusal) throw NextAuthNetworkError.refusedByEgress(refusal, connection.baseUrl);
		// Another request's 429 paused the pool: wait, but never longer than this request may.
		const pausedMs = connection.pausedUntil - Date.now();
		if (pausedMs > 0) {
			const mayWaitMs =
				retry.maxRetries === 0 ? 0 : Math.min(timeoutMs, retry.maxWaitMs - waitedMs, deadline - Date.now());
			if (pausedMs > mayWaitMs) throw NextAuthHttpError.pausedByRateLimit(request, pausedMs);
			await cancellation.pause(pausedMs);
			waitedMs += pausedMs;
		}
		// The attempt's deadline: its Timeout, or the end of the wait it is part of if that comes first.
		const attemptStart = Date.now();
		const attemptEnd = Math.min(attemptStart + timeoutMs, deadline);
		const attemptOnce = async () => {
			const limits: AttemptLimits = {
				timeoutMs: Math.max(1, attemptEnd - Date.now()),
				allowedMs: Math.max(1, attemptEnd - attemptStart),
				cancellation,
			};
			const trace: AttemptTrace = { written: false, answered: false, closed: false, reused: false };
			// Settled into a result rather than caught: what is thrown from here on is decided outside
			// a catch block (n8n's lint allows only NodeApiError/NodeOperationError to be thrown in one).
			return await sendOnce(connection, path, headers, request, body, limits, trace).then(
				(response) => ({ response, error: undefined, trace }),
				(error: unknown) => ({ response: undefined, error, trace }),
			);
		};
		let attempted = await attemptOnce();
		// A connection closed before any answer came: most often a kept-alive one the server had
		// just closed as idle. Sent again once, on a new connection and within the same deadline,
		// when that cannot do anything twice: the request was never written, or it was written on
		// a reused connection and repeating it has no second effect.
		const { trace } = attempted;
		if (
			attempted.error &&
			trace.closed &&
			!trace.answered &&
			(!trace.written || (trace.reused && idempotent)) &&
			!resentOnNewConnection &&
			!cancellation.cancelled
		) {
			resentOnNewConnection = true;
			attempted = await attemptOnce();
		}
		const { response, error } = attempted;
		if (response) return response;
		if (!(error instanceof NextAuthHttpError)) throw error;
		if (!shouldRetry(error.statusCode, idempotent)) {
			if (error.statusCode === 503 && attempt < retry.maxRetries) {
				// A write's 503 that would have been retried: the API may have acted before it failed (shouldRetry).
				error.retries = attempt;
				error.note = `not sent again: the API may already have ${request.effect ?? 'acted on it'}`;
			}
			throw error;
		}
		const delayMs = retryDelay(error.retryAfter, attempt);
		if (attempt >= retry.maxRetries || waitedMs + delayMs > retry.maxWaitMs || Date.now() + delayMs >= deadline) {
			error.retries = attempt;
			throw error;
		}
		if (error.statusCode === 429) {
			const until = Date.now() + Math.min(delayMs, MAX_POOL_PAUSE_MS);
			if (until > connection.pausedUntil) Object.assign(connection, { pausedUntil: until, pausedBy: self });
		}
		let waited = false;
		try {
			await cancellation.pause(delayMs);
			waited = true;
		} finally {
			// A cancelled execution takes its pause with it: the next run must not wait for it.
			if (!waited && connection.pausedBy === self) connection.pausedUntil = 0;
		}
		waitedMs += delayMs;
	}
}

/** A UTF-8 byte-order mark and the whitespace JSON allows before a value. */
const LEADING = new Set([0xef, 0xbb, 0xbf, 0x20, 0x09, 0x0a, 0x0d]);

/**
 * Whether a 2xx answer is a web page rather than the API's: its first character (after
 * whitespace) is `<`. No JSON, and no empty or "OK" answer of a write, starts so. For a call that
 * answers bytes (a QR code), the answer must also say it is HTML, as bytes may start with `<`.
 * The Content-Type alone does not decide: a server may label any answer text/html.
 */
function isWebPage(request: NextAuthRequest, contentType: string, body: Buffer): boolean {
	// The HTML blocks: a page is their answer (their operations check its Content-Type).
	if (request.accept === 'text/html') return false;
	let first = 0;
	while (first < body.length && LEADING.has(body[first])) first++;
	if (body[first] !== 0x3c) return false;
	const answersBytes = request.accept !== undefined && !request.accept.includes('json');
	return !answersBytes || /html|xml/i.test(contentType);
}

/**
 * A JSON object answer (e.g. LoginStatus); anything else is a clear error, not a half-read item.
 * Parsed first (a byte-order mark skipped, integers beyond 2^53 kept as their digits), then the
 * API key is replaced in every string of it, and a string value that is the role id.
 */
export function parseJsonObject(
	response: NextAuthResponse,
	what: string,
	redaction?: Pick<RedactOptions, 'roleIdsAreData'>,
): IDataObject {
	const NOT_JSON = Symbol('not JSON');
	const text = response.body.toString('utf8');
	let parsed: unknown;
	try {
		parsed = parseJson(text);
	} catch {
		parsed = NOT_JSON;
	}
	if (parsed === NOT_JSON) {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that is not valid JSON`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that is not a JSON object`);
	}
	return response.redact.data(parsed as IDataObject, text, redaction);
}
