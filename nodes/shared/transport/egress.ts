/**
 * n8n's egress (SSRF) policy in the package's own transport. n8n's request helpers check every
 * target against N8N_SSRF_*; undici does not, so the same filter is applied here, at three points:
 * - the base URL is validated before a request is sent (IP literals never reach a DNS lookup,
 *   and through a proxy the target is resolved by the proxy);
 * - every new connection resolves its host name through the filter's secure lookup, so a name
 *   that later resolves to a blocked address is still refused (DNS rebinding);
 * - a proxy's host is checked before the first connection to it.
 * With protection off (n8n's default) the filter lets everything through and the lookup is
 * Node's own.
 */
import type { NodeEgressFilter, RequestHelperFunctions } from 'n8n-workflow';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- undici: see CONTRIBUTING.md, "Why undici"
import { Pool, type buildConnector } from 'undici';

/**
 * The instance's egress filter, where this n8n has one (`getSecureEgressFilter` came with n8n
 * 2.x's SSRF protection; older versions have no policy to honour).
 */
export function egressFilterOf(helpers: Partial<RequestHelperFunctions>): NodeEgressFilter | undefined {
	return typeof helpers.getSecureEgressFilter === 'function' ? helpers.getSecureEgressFilter() : undefined;
}

/** n8n caches DNS answers for its egress checks for 1 s: a pool validates its target as often. */
const TARGET_CHECK_MS = 1_000;

const filterIds = new WeakMap<NodeEgressFilter, number>();
let lastFilterId = 0;

/**
 * Tells filters apart in a pool's key. n8n gives the same object for the same settings (its
 * pass-through filter, or its one SSRF service), so two pools differ when the decision could.
 */
export function egressId(filter: NodeEgressFilter | undefined): number {
	if (!filter) return 0;
	let id = filterIds.get(filter);
	if (id === undefined) {
		id = ++lastFilterId;
		filterIds.set(filter, id);
	}
	return id;
}

/** A refusal by n8n's egress filter (its SsrfBlockedIpError and SsrfBlockedHostnameError). */
export function isEgressRefusal(error: unknown): error is Error & { ip?: string; hostname?: string } {
	return error instanceof Error && /^Ssrf.*Error$/.test(error.name);
}

/**
 * undici options that make every connection, to the API or to a proxy, go through the filter;
 * `tls` is the credential's TLS setting for the API's connections.
 */
export function egressDispatcherOptions(filter: NodeEgressFilter | undefined, tls: { rejectUnauthorized: boolean }) {
	if (!filter) return { connect: tls };
	const lookup = filter.createSecureLookup();
	return {
		connect: { ...tls, lookup },
		proxyTls: { lookup },
		// The pool to the proxy: its host is checked before each connection (an IP literal skips
		// the lookup above).
		clientFactory: (origin: URL | string, options: object) => {
			const proxy = new URL(origin);
			const connect = (options as { connect?: buildConnector.connector }).connect;
			const guarded: buildConnector.connector = (connectOptions, callback) => {
				const allowed = filter.validateConnectionHost(proxy.hostname);
				if (!allowed.ok) {
					callback(Object.assign(allowed.error, { proxy: proxy.hostname }), null);
					return;
				}
				connect?.(connectOptions, callback);
			};
			return new Pool(origin, { ...options, connect: guarded });
		},
	};
}

interface TargetCheck {
	at: number;
	result: Promise<{ ok: true } | { ok: false; error: Error }>;
}

/** Validates `url` with the filter at most once per TARGET_CHECK_MS; resolves to the refusal, if any. */
export class TargetGuard {
	private last?: TargetCheck;

	constructor(
		private readonly filter: NodeEgressFilter | undefined,
		private readonly url: URL,
	) {}

	async refusal(): Promise<Error | undefined> {
		if (!this.filter) return undefined;
		const now = Date.now();
		if (!this.last || now - this.last.at >= TARGET_CHECK_MS) {
			this.last = { at: now, result: this.filter.validateUrl(this.url) as TargetCheck['result'] };
		}
		const result = await this.last.result;
		return result.ok ? undefined : result.error;
	}
}
