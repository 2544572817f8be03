/**
 * Keep-alive connection pools, one per credential (API key, role, base URL, TLS setting), shared
 * by all items and executions of this n8n process. The proxy settings are read from the
 * environment when a pool is created. A pool never serves two credentials, so nothing of one
 * (headers, a rate-limit pause) touches another, and never serves two egress policies (see
 * egress.ts). A pool nobody used for POOL_IDLE_MS is closed and forgotten, so an n8n process that
 * meets many credentials over its life does not grow.
 */
import { createHash } from 'node:crypto';

import type { NodeEgressFilter } from 'n8n-workflow';
// undici is this package's one documented exception to n8n's import rules (docs/architecture.md, "Why undici").
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

import type { NextAuthCredentials } from './credentials';
import { egressDispatcherOptions, egressId, TargetGuard } from './egress';
import { NextAuthNetworkError, quote, redactorFor, type Redact } from './errors';
import { MAX_CONCURRENCY, MAX_TIMEOUT_MS, POOL_IDLE_MS } from './limits';
import { MIN_API_KEY_LENGTH } from './redaction';

export interface Connection {
	/** The credential's base URL, parsed and checked once. */
	baseUrl: URL;
	dispatcher: Dispatcher;
	/** Removes this credential's secrets from texts and answers. */
	redact: Redact;
	/** n8n's egress filter this pool was made with, and its check of the base URL. */
	egress?: NodeEgressFilter;
	target: TargetGuard;
	/** Set by a 429: no request of this connection starts before this time (ms since epoch). */
	pausedUntil: number;
	/** The request whose 429 set the pause: if it is cancelled, the pause goes with it. */
	pausedBy?: object;
	/** Requests under way (waits included); a pool in use is never closed. */
	active: number;
	lastUsed: number;
	closed: boolean;
}

/**
 * How long an idle connection is kept when the server does not say (`Keep-Alive: timeout=N`).
 * A server that closes an idle connection first makes the next request on it fail; the shortest
 * common idle timeouts are 5 s (Node's http server, Apache httpd), so 4 s stays under them with a
 * second to spare. A bulk run keeps its connections busy and is not affected; a poll or request
 * after a longer pause opens a new connection.
 */
const KEEP_ALIVE_MS = 4_000;
/**
 * A server that announces its idle timeout is believed, less this margin (the answer's travel
 * time and the next request's): `timeout=5` keeps a connection 3 s, `timeout=2` or less not at all.
 */
const KEEP_ALIVE_MARGIN_MS = 2_000;
/** The longest kept, whatever a server announces: NATs and load balancers drop idle flows too. */
const KEEP_ALIVE_MAX_MS = 60_000;

const connections = new Map<string, Connection>();
/** Each credentials object's pool once looked up: an execution asks for it once per request. */
const connectionsByCredentials = new WeakMap<NextAuthCredentials, Connection>();
let lastSweep = Date.now();

/**
 * The base URL as a message may show it, shortened: without user name and password, and
 * without query and fragment (they may hold tokens). A URL that cannot be parsed may hold a
 * password with `/`, `#`, `?` or `@` in it: everything up to its last `@` goes.
 */
export function shownUrl(baseUrl: string): string {
	const at = baseUrl.lastIndexOf('@');
	const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(baseUrl)?.[0] ?? '';
	const withoutUserinfo = at === -1 ? baseUrl : `${scheme}${baseUrl.slice(at + 1)}`;
	return quote(withoutUserinfo.replace(/[?#][\s\S]*/, ''));
}

function parseBaseUrl(baseUrl: string): URL {
	if (!URL.canParse(baseUrl)) throw new NextAuthNetworkError(`The base URL ${shownUrl(baseUrl)} is not a valid URL`);
	const url = new URL(baseUrl);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NextAuthNetworkError(`The base URL ${shownUrl(baseUrl)} must start with https:// or http://`);
	}
	return url;
}

/**
 * A key of one to three characters is refused before it is sent: no nextAuth API key is that
 * short, and redaction could not keep it out of the output without blanking out ordinary words
 * (redaction.ts). An empty key is sent, for the API to refuse (401).
 */
function checkApiKeyLength(apiKey: string): void {
	if (apiKey.length > 0 && apiKey.length < MIN_API_KEY_LENGTH) {
		throw new NextAuthNetworkError(
			`The API key in the NextAuth credential is shorter than ${MIN_API_KEY_LENGTH} characters: no nextAuth API key is, and one that short could not be kept out of the output`,
		);
	}
}

function connectionKey(credentials: NextAuthCredentials, egress: NodeEgressFilter | undefined): string {
	const { apiKey, roleId, baseUrl, ignoreSSLIssues } = credentials;
	return createHash('sha256')
		.update(JSON.stringify([apiKey, roleId, baseUrl, ignoreSSLIssues, egressId(egress)]))
		.digest('hex');
}

/** Closes and forgets the pools nobody has used for POOL_IDLE_MS; runs at most once a quarter of that. */
function sweepIdle(now: number): void {
	if (now - lastSweep < POOL_IDLE_MS / 4) return;
	lastSweep = now;
	for (const [key, connection] of connections) {
		if (connection.active > 0 || now - connection.lastUsed < POOL_IDLE_MS) continue;
		connection.closed = true;
		connections.delete(key);
		void connection.dispatcher.close().catch(() => {});
	}
}

/** How many pools are open in this process. */
export function openPoolCount(): number {
	return connections.size;
}

/** The pool for these credentials under n8n's egress filter `egress` (none on n8n versions without one). */
export function connectionFor(credentials: NextAuthCredentials, egress?: NodeEgressFilter): Connection {
	const now = Date.now();
	sweepIdle(now);
	const known = connectionsByCredentials.get(credentials);
	if (known && !known.closed && known.egress === egress) return known;
	const baseUrl = parseBaseUrl(credentials.baseUrl);
	checkApiKeyLength(credentials.apiKey);
	const key = connectionKey(credentials, egress);
	let connection = connections.get(key);
	if (!connection) {
		const tls = { rejectUnauthorized: !credentials.ignoreSSLIssues };
		// EnvHttpProxyAgent honours HTTP_PROXY, HTTPS_PROXY and NO_PROXY, and connects directly without them.
		const dispatcher = new EnvHttpProxyAgent({
			keepAliveTimeout: KEEP_ALIVE_MS,
			keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
			keepAliveMaxTimeout: KEEP_ALIVE_MAX_MS,
			// As many sockets as one run may have requests in flight: none waits for a socket.
			connections: MAX_CONCURRENCY,
			// The node's own deadline (Timeout, at most MAX_TIMEOUT_MS) ends a request, not undici's.
			headersTimeout: MAX_TIMEOUT_MS,
			bodyTimeout: MAX_TIMEOUT_MS,
			requestTls: tls,
			...egressDispatcherOptions(egress, tls),
		});
		connection = {
			baseUrl,
			dispatcher,
			egress,
			target: new TargetGuard(egress, baseUrl),
			redact: redactorFor(credentials),
			pausedUntil: 0,
			active: 0,
			lastUsed: now,
			closed: false,
		};
		connections.set(key, connection);
	}
	connectionsByCredentials.set(credentials, connection);
	return connection;
}
