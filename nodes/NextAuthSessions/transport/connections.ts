/**
 * Keep-alive connection pools, one per credential (API key, role, base URL, TLS setting), shared
 * by all items and executions of this n8n process. The proxy settings are read from the
 * environment when a pool is created. A pool never serves
 * two credentials, so nothing of one (headers, a rate-limit pause) touches another.
 */
import { createHash } from 'node:crypto';
// undici is this package's one documented exception to n8n's import rules (README, "Why undici").
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

import type { NextAuthCredentials } from './credentials';
import { NextAuthNetworkError } from './errors';

export interface Connection {
	/** The credential's base URL, parsed and checked once. */
	baseUrl: URL;
	dispatcher: Dispatcher;
	/** Set by a 429: no request of this connection starts before this time (ms since epoch). */
	pausedUntil: number;
}

const KEEP_ALIVE_MS = 10_000;
const MAX_SOCKETS_PER_ORIGIN = 64;

const connections = new Map<string, Connection>();
/** Each credentials object's pool once looked up: an execution asks for it once per request. */
const connectionsByCredentials = new WeakMap<NextAuthCredentials, Connection>();

function parseBaseUrl(baseUrl: string): URL {
	if (!URL.canParse(baseUrl)) throw new NextAuthNetworkError(`The base URL "${baseUrl}" is not a valid URL`);
	const url = new URL(baseUrl);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NextAuthNetworkError(`The base URL "${baseUrl}" must start with https:// or http://`);
	}
	return url;
}

function connectionKey(credentials: NextAuthCredentials): string {
	const { apiKey, roleId, baseUrl, ignoreSSLIssues } = credentials;
	return createHash('sha256')
		.update(JSON.stringify([apiKey, roleId, baseUrl, ignoreSSLIssues]))
		.digest('hex');
}

export function connectionFor(credentials: NextAuthCredentials): Connection {
	const known = connectionsByCredentials.get(credentials);
	if (known) return known;
	const baseUrl = parseBaseUrl(credentials.baseUrl);
	const key = connectionKey(credentials);
	let connection = connections.get(key);
	if (!connection) {
		const tls = { rejectUnauthorized: !credentials.ignoreSSLIssues };
		// EnvHttpProxyAgent honours HTTP_PROXY, HTTPS_PROXY and NO_PROXY, and connects directly without them.
		const dispatcher = new EnvHttpProxyAgent({
			keepAliveTimeout: KEEP_ALIVE_MS,
			connections: MAX_SOCKETS_PER_ORIGIN,
			connect: tls,
			requestTls: tls,
		});
		connection = { baseUrl, dispatcher, pausedUntil: 0 };
		connections.set(key, connection);
	}
	connectionsByCredentials.set(credentials, connection);
	return connection;
}
