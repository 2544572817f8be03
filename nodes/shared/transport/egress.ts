/**
 * n8n's egress (SSRF) policy in the package's own transport. n8n's request helpers check every
 * target against N8N_SSRF_*; undici does not, so the same filter is applied here, where the
 * package itself connects:
 * - before a request is sent (TargetGuard), without any DNS lookup: an IP literal target by its
 *   address, a host name by the name lists (N8N_SSRF_BLOCKED_HOSTNAMES / ALLOWED_HOSTNAMES);
 * - every new direct connection resolves the target's name through the filter's secure lookup,
 *   which refuses names that resolve to blocked addresses, also when they change later (DNS
 *   rebinding). Through a proxy the target's name is never resolved here: the proxy resolves
 *   it, so a name only the proxy knows works;
 * - a proxy's host is checked before each connection to it (an IP literal by its address, a
 *   name through the secure lookup).
 * Stricter than n8n's own check: an address n8n's default ranges let through although it reaches
 * a blocked one (`::`, NAT64) is judged as the address it reaches (see reachedAddress).
 * With protection off (n8n's default) the filter lets everything through and the lookup is
 * Node's own.
 */
import type { NodeEgressFilter, RequestHelperFunctions } from 'n8n-workflow';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- undici: see docs/architecture.md, "Why undici"
import { Pool, type buildConnector } from 'undici';

import { isEgressRefusal } from './errors';

/** Node's `dns.lookup` signature, as the filter's secure lookup has it (node:net may not be imported). */
type LookupFunction = ReturnType<NodeEgressFilter['createSecureLookup']>;

/**
 * The instance's egress filter, where this n8n has one (`getSecureEgressFilter` came with n8n
 * 2.x's SSRF protection; older versions have no policy to honour).
 */
export function egressFilterOf(helpers: Partial<RequestHelperFunctions>): NodeEgressFilter | undefined {
	return typeof helpers.getSecureEgressFilter === 'function' ? helpers.getSecureEgressFilter() : undefined;
}

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
		// Stryker disable next-line UpdateOperator: the ids only need to differ from each other and from 0
		id = ++lastFilterId;
		filterIds.set(filter, id);
	}
	return id;
}

/** NAT64's well-known prefix (RFC 6052), 64:ff9b::/96, in the 8 groups of an IPv6 address. */
const NAT64_PREFIX = [0x64, 0xff9b, 0, 0, 0, 0];

/** An IPv6 address as its 8 groups, or undefined when `ip` is none. */
function ipv6Groups(ip: string): number[] | undefined {
	if (!URL.canParse(`http://[${ip}]`)) return undefined;
	// The URL parser writes the address in its canonical form: hex groups, `::` at most once.
	const [left, right] = new URL(`http://[${ip}]`).hostname.slice(1, -1).split('::');
	const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
	const head = parse(left);
	const tail = parse(right);
	return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** The IP address a URL's host names, or undefined for a host name (the URL parser has made numeric IPv4 hosts dotted). */
export function ipLiteralOf(hostname: string): string | undefined {
	// The URL parser writes an IPv6 host in brackets, and only an IPv6 host.
	if (hostname.startsWith('[')) return hostname.slice(1, -1);
	return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ? hostname : undefined;
}

/**
 * The address a connection to `ip` really reaches, for the addresses n8n's default blocked
 * ranges let through although they lead to ranges it blocks: `::` (the unspecified address;
 * connecting to it reaches this host, as ::1 does) and NAT64's 64:ff9b::/96 (a NAT64 gateway
 * connects to the IPv4 address in the last 32 bits). Undefined for every other address. Judging
 * such an address by the one it reaches, rather than refusing the whole prefix, keeps IPv6-only
 * networks with DNS64 (where every IPv4-only host resolves into 64:ff9b::/96) working and honours
 * N8N_SSRF_ALLOWED_IP_RANGES.
 */
export function reachedAddress(ip: string): string | undefined {
	const groups = ipv6Groups(ip);
	if (!groups) return undefined;
	if (groups.every((group) => group === 0)) return '::1';
	if (NAT64_PREFIX.every((group, index) => groups[index] === group)) {
		const [high, low] = groups.slice(6);
		return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
	}
	return undefined;
}

/**
 * A refusal of `ip` because of the address it reaches (reachedAddress), when the filter refuses
 * that one; undefined otherwise.
 */
function reachedRefusal(filter: NodeEgressFilter, ip: string): Error | undefined {
	const reached = reachedAddress(ip);
	if (reached === undefined || filter.validateConnectionHost(reached).ok) return undefined;
	return Object.assign(new Error(`A connection to ${ip} reaches ${reached}, which the egress policy blocks`), {
		name: 'SsrfBlockedIpError',
		ip,
	});
}

/** The filter's verdict on a connection to `ip`, and on the address it reaches: the refusal, if any. */
export function addressRefusal(filter: NodeEgressFilter, ip: string): Error | undefined {
	const direct = filter.validateConnectionHost(ip);
	return direct.ok ? reachedRefusal(filter, ip) : direct.error;
}

/**
 * The filter's secure lookup, which refuses resolved addresses in blocked ranges (unless the name
 * is allowed by name), also refusing those that reach one, e.g. a name resolving to
 * 64:ff9b::a9fe:a9fe.
 */
function guardedLookup(filter: NodeEgressFilter): LookupFunction {
	const lookup = filter.createSecureLookup();
	return (hostname, options, callback) => {
		lookup(hostname, options, (error, address, family) => {
			if (error) {
				callback(error, address, family);
				return;
			}
			const addresses = Array.isArray(address) ? address.map((entry: { address: string }) => entry.address) : [address];
			for (const ip of addresses) {
				const refusal = reachedRefusal(filter, ip);
				if (refusal) {
					callback(refusal as NodeJS.ErrnoException, options.all ? [] : '', undefined);
					return;
				}
			}
			callback(null, address, family);
		});
	};
}

/**
 * undici options that make every connection, to the API or to a proxy, go through the filter;
 * `tls` is the credential's TLS setting for the API's connections.
 */
export function egressDispatcherOptions(filter: NodeEgressFilter | undefined, tls: { rejectUnauthorized: boolean }) {
	if (!filter) return { connect: tls };
	const lookup = guardedLookup(filter);
	// A refusal met while resolving the proxy's name says it was the proxy.
	const proxyLookup: LookupFunction = (hostname, options, callback) =>
		lookup(hostname, options, (error, address, family) =>
			callback(error && isEgressRefusal(error) ? Object.assign(error, { proxy: hostname }) : error, address, family),
		);
	return {
		connect: { ...tls, lookup },
		proxyTls: { lookup: proxyLookup },
		// The pool to the proxy: its host is checked before each connection (an IP literal skips
		// the lookup above).
		clientFactory: (origin: URL | string, options: object) => {
			const proxy = new URL(origin);
			const connect = (options as { connect?: buildConnector.connector }).connect;
			const guarded: buildConnector.connector = (connectOptions, callback) => {
				const refusal = proxyRefusal(filter, proxy);
				if (refusal) {
					callback(refusal, null);
					return;
				}
				connect?.(connectOptions, callback);
			};
			return new Pool(origin, { ...options, connect: guarded });
		},
	};
}

/** A refusal of the proxy's IP literal (a name is judged by the lookup when it is resolved), marked as the proxy's. */
function proxyRefusal(filter: NodeEgressFilter, proxy: URL): Error | undefined {
	const ip = ipLiteralOf(proxy.hostname);
	const refusal = ip === undefined ? undefined : addressRefusal(filter, ip);
	return refusal && Object.assign(refusal, { proxy: proxy.hostname });
}

/**
 * The filter's verdict on the target `url`, made once per pool: it depends on the URL and the
 * policy alone (no DNS lookup), and a pool never serves two policies.
 */
export class TargetGuard {
	private verdict?: { refusal: Error | undefined };

	constructor(
		private readonly filter: NodeEgressFilter | undefined,
		private readonly url: URL,
	) {}

	async refusal(): Promise<Error | undefined> {
		if (!this.filter) return undefined;
		this.verdict ??= { refusal: this.check(this.filter) };
		return this.verdict.refusal;
	}

	/**
	 * No DNS lookup here: the name is resolved, and its addresses judged, where the connection is
	 * made (by the secure lookup of a direct connection, or by the proxy, which may be the only
	 * one that knows the name).
	 */
	private check(filter: NodeEgressFilter): Error | undefined {
		const ip = ipLiteralOf(this.url.hostname);
		if (ip !== undefined) return addressRefusal(filter, ip);
		// n8n's redirect check applies the name lists to a URL without resolving it.
		try {
			filter.validateRedirectSync(this.url.href);
			return undefined;
		} catch (error) {
			return error instanceof Error ? error : new Error(String(error));
		}
	}
}
