/**
 * The fuzz's server: the recording simulator (test/simulator) behind a fresh loopback port per
 * case, each of its requests answered by the case's script of behaviours (model.ts) through the
 * simulator's 'respond' fault, and a second server "elsewhere" (another origin) that records what
 * reaches it, e.g. after a redirect.
 *
 * A fresh port per case gives each case its own connection pool in the package (pools are per
 * base URL), so nothing of one case (a 429 pause, a kept-alive socket) reaches the next: a case
 * replays alone exactly as it ran in the series.
 */
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';

import { NextAuthSimulator } from '../simulator';
import { ExactInteger, parseLossless, type Lossless } from './lossless';
import {
	CALLER_ROLE,
	worldServerId,
	type Behaviour,
	type BodyKind,
	type Echo,
	type FuzzCase,
	type LocationKind,
	type PagingLie,
	type WorldSpec,
} from './model';
import { encodeEcho, isJsonEscapeForm } from './secrets';

type Simulator = InstanceType<typeof NextAuthSimulator>;

/** What the server did with one request. */
export interface Sent {
	behaviour: Behaviour;
	/** The status line sent, if one was. */
	status?: number;
	headers: Record<string, string>;
	/** The body bytes as sent (or as announced, for a cut answer). */
	body: Buffer;
	/** What a client should read from it: the answer before compression, without a byte-order mark. */
	meaning: Buffer;
	/** How the exchange failed on purpose, if it did. */
	failure?: 'reset' | 'stall' | 'cut' | 'huge';
	/** The request took effect on the world (a push recorded, a transaction made). */
	acted: boolean;
	/** A list answer that lies about paging. */
	pagingLie?: PagingLie;
}

/** One request as the simulator recorded it, with the raw target and what was done with it. */
export interface FuzzRequest {
	method: string;
	/** The request target as it arrived, base path included. */
	rawUrl: string;
	/** The target below the base path. */
	url: string;
	path: string;
	segments: string[];
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: string | null;
	at: number;
	sent?: Sent;
}

export interface ForeignRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface CaseRecord {
	requests: FuzzRequest[];
	foreign: ForeignRequest[];
	/** Requests outside the Base URL's path, answered 404 before the simulator saw them. */
	outsideBasePath: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The list pages (below the Base URL's path): accounts, users, a user's accounts, and the servers of the tenant. */
const LIST_PATH = /^\/servers\/(?:[^/]+\/(?:accounts\/|users\/|users\/[^/]+\/accounts))?$/;

/** Answers read as JSON: also the text/plain the attribute reads are labelled (rewriteJson leaves other text alone). */
const JSON_TYPE = /json|^text\/plain/;

/** The fields of the list answers, in the order the paging lies and the echoes look for them. */
const LIST_FIELDS = ['accounts', 'users', 'servers', 'permissions', 'apikeys'];

const HTML_PAGE =
	'<!doctype html><html><head><title>Sign in</title></head><body><form action="/login">Sign in to the console</form></body></html>';

/** An id beyond 2^53 for a small one, distinct per small id. */
const bigId = (small: string) => (9007199254740993n + BigInt(small) * 2n).toString();

/** JSON text of a lossless value, with the string `marker` (a value or a field name) written as `raw` (an escape form). */
function serialize(value: Lossless, marker?: string, raw?: string): string {
	const string = (text: string) => (text === marker && raw !== undefined ? `"${raw}"` : JSON.stringify(text));
	if (value instanceof ExactInteger) return value.digits;
	if (typeof value === 'string') return string(value);
	if (Array.isArray(value)) return `[${value.map((entry) => serialize(entry, marker, raw)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.entries(value)
			.map(([key, child]) => `${string(key)}:${serialize(child, marker, raw)}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** A short web page such as a proxy or a framework writes for an error, with `text` in it. */
const errorPage = (status: number, text: string) =>
	`<!doctype html><html><head><title>${status} Error</title></head><body><h1>Error ${status}</h1><p>Invalid API key: ${text}</p></body></html>`;

export class FuzzServer {
	readonly simulator: Simulator = new NextAuthSimulator();

	private readonly elsewhere = http.createServer((req, res) => this.answerElsewhere(req, res));

	elsewhereOrigin = '';

	private listener?: net.Server;

	private readonly caseSockets = new Set<net.Socket>();

	private generation = 0;

	private current?: {
		fuzzCase: FuzzCase;
		apiKey: string;
		origin: string;
		basePath: string;
		next: number;
		foreign: ForeignRequest[];
		outside: string[];
	};

	private readonly idleTimers = new Map<net.Socket, NodeJS.Timeout>();

	async start(): Promise<void> {
		await this.simulator.start();
		const server = this.simulator.server as http.Server;
		const [handler] = server.listeners('request') as Array<
			(req: http.IncomingMessage, res: http.ServerResponse) => void
		>;
		server.removeAllListeners('request');
		server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res, handler));
		await new Promise<void>((resolve) => this.elsewhere.listen(0, '127.0.0.1', resolve));
		this.elsewhereOrigin = `http://127.0.0.1:${(this.elsewhere.address() as net.AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		await this.endCase();
		this.elsewhere.closeAllConnections();
		await new Promise<void>((resolve) => this.elsewhere.close(() => resolve()));
		await this.simulator.stop();
	}

	/**
	 * Sets the world and the script for `fuzzCase` and opens its port; resolves to the origin
	 * (`http://127.0.0.1:PORT`) its Base URL points at.
	 */
	async beginCase(fuzzCase: FuzzCase, apiKey: string, basePath: string): Promise<string> {
		await this.endCase();
		this.generation++;
		const simulator = this.simulator;
		const serverId = worldServerId(fuzzCase);
		simulator.resetWorld(
			fixtureOf(fuzzCase.world, serverId, apiKey, fuzzCase.credentials.roleId.trim()) as unknown as Parameters<
				Simulator['resetWorld']
			>[0],
		);
		simulator.clearRecords();
		if (fuzzCase.world.bulkAccounts > 0) simulator.addBulkAccounts(fuzzCase.world.bulkAccounts, { users: 5, serverId });
		simulator.maxPageSize = fuzzCase.world.maxPageSize;
		for (const session of fuzzCase.world.sessions) {
			if (session.confirmAfterPolls !== undefined) {
				simulator.confirmLoginAfterPolls(serverId, session.nonce, session.confirmAfterPolls, 'alice', 1);
			}
		}
		for (const transaction of fuzzCase.world.transactions) {
			simulator.transactions.set(transaction.tid, {
				tid: transaction.tid,
				serverId,
				nonce: transaction.nonce,
				userid: 'alice',
				body: { description: 'fuzz' },
				tstatus: transaction.tstatus,
				policy: { ...fuzzCase.world.decision },
				polls: 0,
			});
		}
		simulator.decideTransactions({ ...fuzzCase.world.decision });
		(simulator.server as http.Server).keepAliveTimeout = fuzzCase.server.idleCloseMs === undefined ? 30_000 : 0;
		const generation = this.generation;
		simulator.randomFault = () => {
			const current = this.current;
			if (!current) return { kind: 'reset' };
			const behaviour = current.fuzzCase.server.script[current.next++] ?? current.fuzzCase.server.rest;
			return {
				kind: 'respond',
				respond: async (exchange: unknown) => await this.respond(behaviour, exchange as Exchange, generation),
			};
		};

		const listener = net.createServer((socket) => {
			this.caseSockets.add(socket);
			socket.on('close', () => this.caseSockets.delete(socket));
			(simulator.server as http.Server).emit('connection', socket);
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
		this.listener = listener;
		const origin = `http://127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
		this.current = { fuzzCase, apiKey, origin, basePath, next: 0, foreign: [], outside: [] };
		return origin;
	}

	/** What the case's requests were; closes its port and every connection of it. */
	async endCase(): Promise<CaseRecord> {
		const current = this.current;
		// Answers under way (a delay, a slow body) are given a moment to finish before the sockets go.
		for (let waited = 0; this.simulator.inFlight > 0 && waited < 300; waited += 10) await sleep(10);
		this.generation++;
		this.current = undefined;
		for (const timer of this.idleTimers.values()) clearTimeout(timer);
		this.idleTimers.clear();
		for (const socket of this.caseSockets) socket.destroy();
		this.caseSockets.clear();
		if (this.listener) {
			const listener = this.listener;
			this.listener = undefined;
			await new Promise<void>((resolve) => listener.close(() => resolve()));
		}
		this.simulator.randomFault = undefined;
		const requests = (this.simulator.requests as unknown as FuzzRequest[]).map((request) => ({
			...request,
			rawUrl: request.rawUrl ?? request.url,
		}));
		return { requests, foreign: current?.foreign ?? [], outsideBasePath: current?.outside ?? [] };
	}

	private onRequest(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
	): void {
		const socket = req.socket;
		const timer = this.idleTimers.get(socket);
		if (timer) clearTimeout(timer);
		this.idleTimers.delete(socket);
		res.on('error', () => {});
		const current = this.current;
		const idleCloseMs = current?.fuzzCase.server.idleCloseMs;
		if (idleCloseMs !== undefined) {
			res.on('finish', () => {
				if (socket.destroyed) return;
				this.idleTimers.set(
					socket,
					setTimeout(() => socket.destroy(), idleCloseMs),
				);
			});
		}
		const rawUrl = req.url ?? '';
		const basePath = current?.basePath ?? '';
		if (!rawUrl.startsWith(`${basePath}/`)) {
			current?.outside.push(`${req.method} ${rawUrl}`);
			req.resume();
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end('{"message":"not under the base path"}');
			return;
		}
		(req as http.IncomingMessage & { fuzzRawUrl?: string }).fuzzRawUrl = rawUrl;
		req.url = rawUrl.slice(basePath.length);
		handler(req, res);
	}

	private answerElsewhere(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			this.current?.foreign.push({
				method: req.method ?? '',
				url: req.url ?? '',
				headers: { ...req.headers },
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"loggedin":true,"userid":"elsewhere"}');
		});
	}

	/** Answers one request the way `behaviour` says; records what was sent on the request's record. */
	private async respond(behaviour: Behaviour, exchange: Exchange, generation: number): Promise<void> {
		const { req, res, record } = exchange;
		const fuzzRecord = record as FuzzRequest;
		fuzzRecord.rawUrl = (req as http.IncomingMessage & { fuzzRawUrl?: string }).fuzzRawUrl ?? record.url;
		const sent: Sent = { behaviour, headers: {}, body: Buffer.alloc(0), meaning: Buffer.alloc(0), acted: false };
		fuzzRecord.sent = sent;
		const stale = () => generation !== this.generation || res.destroyed || req.socket.destroyed;
		const real = async () => {
			sent.acted = true;
			return await this.realAnswer(exchange, sent);
		};
		const finish = (status: number, headers: Record<string, string>, given: Buffer, meaning = given) => {
			if (stale()) return;
			// 204 and 304 carry no body (RFC 9110): sending one would be broken HTTP, not an answer.
			const body = status === 204 || status === 304 ? Buffer.alloc(0) : given;
			Object.assign(sent, { status, headers, body, meaning: body.length === 0 ? body : meaning });
			record.status = status;
			res.writeHead(status, { ...headers, 'content-length': String(body.length) });
			res.end(body);
		};

		switch (behaviour.do) {
			case 'real': {
				const answer = await real();
				return finish(answer.status, answer.headers, answer.body);
			}
			case 'delay': {
				await sleep(behaviour.ms);
				if (stale()) return;
				const answer = await real();
				return finish(answer.status, answer.headers, answer.body);
			}
			case 'status': {
				if (behaviour.acted) await real();
				const { echo } = behaviour;
				const body = this.injectedBody(behaviour.body, behaviour.status, echo?.header ? undefined : echo);
				const headers: Record<string, string> = { 'content-type': behaviour.contentType };
				if (behaviour.retryAfter !== undefined) headers['retry-after'] = retryAfterValue(behaviour.retryAfter);
				const location = this.location(behaviour.location ?? 'none');
				if (location !== undefined) headers.location = location;
				// An echo in a header the package shows: a host name (the error names the origin) or a coding.
				if (echo?.header === 'location') headers.location = `http://${this.echoed(echo)}.example/moved`;
				if (echo?.header === 'content-encoding') headers['content-encoding'] = `x-${this.echoed(echo)}`;
				return finish(behaviour.status, headers, body);
			}
			case 'reset': {
				if (behaviour.acted) await real();
				sent.failure = 'reset';
				record.status = 'reset';
				req.socket.destroy();
				return;
			}
			case 'stall': {
				sent.failure = 'stall';
				record.status = 'stall';
				await new Promise((resolve) => res.on('close', resolve));
				return;
			}
			case 'cut': {
				const answer = await real();
				if (stale()) return;
				sent.failure = 'cut';
				const announced = Math.max(answer.body.length, 16);
				Object.assign(sent, {
					status: answer.status,
					headers: answer.headers,
					body: answer.body,
					meaning: answer.body,
				});
				record.status = 'cut';
				res.writeHead(answer.status, { ...answer.headers, 'content-length': String(announced) });
				if (behaviour.at === 'mid-body' && answer.body.length > 1)
					res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
				else res.flushHeaders();
				setImmediate(() => (behaviour.graceful ? req.socket.end() : req.socket.destroy()));
				return;
			}
			case 'encode': {
				const answer = await real();
				const compressed =
					behaviour.encoding === 'gzip'
						? zlib.gzipSync(answer.body)
						: behaviour.encoding === 'deflate'
							? zlib.deflateSync(answer.body)
							: zlib.brotliCompressSync(answer.body);
				const headers = { ...answer.headers, ...(behaviour.labelled && { 'content-encoding': behaviour.encoding }) };
				// Unlabelled, the compressed bytes are simply what the answer is: no client can know better.
				return finish(answer.status, headers, compressed, behaviour.labelled ? answer.body : compressed);
			}
			case 'rewrite': {
				const answer = await real();
				const type = answer.headers['content-type'] ?? '';
				const isJson = JSON_TYPE.test(type) && answer.body.length > 0;
				let meaning = answer.body;
				if (isJson) meaning = Buffer.from(this.rewriteJson(answer.body.toString('utf8'), behaviour));
				else if (type.startsWith('text/html') && behaviour.echo)
					meaning = Buffer.from(this.rewriteHtml(answer.body.toString('utf8'), behaviour.echo));
				const body = isJson && behaviour.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), meaning]) : meaning;
				const headers = {
					...answer.headers,
					...(behaviour.contentType !== undefined && { 'content-type': behaviour.contentType }),
				};
				return finish(answer.status, headers, body, meaning);
			}
			case 'huge': {
				sent.failure = 'huge';
				Object.assign(sent, { status: 200, headers: { 'content-type': 'application/json' } });
				await this.simulator.sendHuge(res, { bytes: behaviour.bytes, chunked: !behaviour.announced }, record);
				// Read to the end (a QR may be that large): a whole answer of filler, not a failure.
				if ((record as { sentBytes?: number }).sentBytes === behaviour.bytes && !res.destroyed) {
					const body = Buffer.alloc(behaviour.bytes, 'x');
					Object.assign(sent, { failure: undefined, body, meaning: body });
				}
				return;
			}
			case 'html':
				return finish(200, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from(HTML_PAGE));
		}
	}

	/**
	 * The simulator's answer to the request, with the case's paging lie applied to list pages and,
	 * when the case's server echoes, the secret echoed into a successful answer.
	 */
	private async realAnswer(
		exchange: Exchange,
		sent: Sent,
	): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
		const { record, body } = exchange;
		const lie = this.current?.fuzzCase.server.paging ?? 'honest';
		const isList = record.method === 'GET' && LIST_PATH.test(record.path);
		const ignoresMarker = isList && (lie === 'ignore-marker' || lie === 'ignore-marker-no-total');
		const asked = ignoresMarker ? { ...record, query: { ...record.query, marker: '0' } } : record;
		const answer = await this.simulator.realAnswer(asked, body);
		const type = answer.contentType ?? '';
		const headers: Record<string, string> = type ? { 'content-type': type } : {};
		let answered = answer.body;
		if (isList && answer.status === 200 && lie !== 'honest') {
			sent.pagingLie = lie;
			const page = JSON.parse(answered.toString('utf8')) as {
				totalnumber?: number;
				accounts?: object[];
				users?: object[];
				servers?: object[];
			};
			if (lie === 'ignore-marker-no-total') delete page.totalnumber;
			if (lie === 'inflate-total') page.totalnumber = (page.totalnumber ?? 0) + 1000;
			if (lie === 'fat-rows') {
				const entries = (page.accounts ?? page.users ?? page.servers ?? []) as Array<Record<string, unknown>>;
				const pad = 'x'.repeat(Math.floor(900_000 / Math.max(1, entries.length)));
				for (const entry of entries) entry.pad = pad;
			}
			answered = Buffer.from(JSON.stringify(page));
		}
		const echo = this.current?.fuzzCase.server.echo;
		if (echo && answer.status >= 200 && answer.status < 300 && answered.length > 0) {
			const text = answered.toString('utf8');
			if (JSON_TYPE.test(type))
				answered = Buffer.from(this.rewriteJson(text, { do: 'rewrite', bom: false, bigIds: false, echo }));
			else if (type.startsWith('text/html')) answered = Buffer.from(this.rewriteHtml(text, echo));
		}
		return { status: answer.status, headers, body: answered };
	}

	/**
	 * The JSON text with ids beyond 2^53, the first entry's strings wrapped in lists and the key
	 * echoed into a string, as the rewrite says.
	 */
	private rewriteJson(text: string, rewrite: Extract<Behaviour, { do: 'rewrite' }>): string {
		let value: Lossless;
		try {
			value = parseLossless(text);
		} catch {
			return text;
		}
		if (rewrite.bigIds) value = withBigIds(value);
		if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof ExactInteger) {
			return serialize(value);
		}
		const host = firstEntry(value) ?? value;
		if (rewrite.wrap) {
			for (const [field, child] of Object.entries(host)) if (typeof child === 'string') host[field] = [child];
		}
		const { echo } = rewrite;
		if (!echo) return serialize(value);
		const marker = `\u0000echo-${Math.random()}`;
		if (echo.name) host[marker] = 'echo';
		else if (echo.into !== undefined && Object.hasOwn(host, echo.into)) host[echo.into] = marker;
		else host.note = marker;
		const literal = this.echoLiteral(echo);
		return serialize(value, marker, literal);
	}

	/** A web page (an HTML block) with the secret in it: as an attribute's whole value, or in a sentence. */
	private rewriteHtml(html: string, echo: Echo): string {
		const echoed = this.echoed(echo);
		const shown = echo.whole ? `<span data-note="${echoed}"></span>` : `<p>Your key ${echoed} is in use</p>`;
		const end = html.lastIndexOf('</');
		return end === -1 ? `${html}${shown}` : `${html.slice(0, end)}${shown}${html.slice(end)}`;
	}

	/** The secret the echo repeats (the key as sent, or the Role ID as sent), in the echo's form. */
	private echoed(echo: Echo): string {
		const secret =
			echo.secret === 'role' ? (this.current?.fuzzCase.credentials.roleId.trim() ?? '') : (this.current?.apiKey ?? '');
		return encodeEcho(secret, echo.form);
	}

	/** The secret as it appears between the quotes of a JSON string, in the echo's form. */
	private echoLiteral(echo: Echo): string {
		const form = this.echoed(echo);
		const inner = isJsonEscapeForm(echo.form) ? form : JSON.stringify(form).slice(1, -1);
		return echo.whole ? inner : `the key ${inner} is not valid here`;
	}

	private injectedBody(kind: BodyKind, status: number, echo: Echo | undefined): Buffer {
		switch (kind) {
			case 'empty':
				return Buffer.alloc(0);
			case 'json-message':
				return Buffer.from(JSON.stringify({ message: `fuzz answer ${status}` }));
			case 'text':
				return Buffer.from(`fuzz answer ${status}`);
			case 'html':
				return Buffer.from(HTML_PAGE);
			case 'garbage':
				return Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x80, 0x81]);
			case 'echo-json':
				return Buffer.from(`{"message":"${this.echoLiteral(echo ?? { form: 'plain', whole: false })}"}`);
			case 'echo-json-error':
				return Buffer.from(
					`{"error":"${this.echoLiteral(echo ?? { form: 'plain', whole: false })}","status":${status}}`,
				);
			case 'echo-text': {
				const echoed = this.echoed(echo ?? { form: 'plain', whole: false });
				// The Role ID as the whole text (all the package hides of it); the key in a sentence.
				return Buffer.from(echo?.secret === 'role' ? echoed : `invalid api key: ${echoed}`);
			}
			case 'echo-html':
				return Buffer.from(errorPage(status, this.echoed(echo ?? { form: 'html-escaped', whole: false })));
		}
	}

	private location(kind: LocationKind): string | undefined {
		const current = this.current;
		switch (kind) {
			case 'none':
				return undefined;
			case 'foreign':
				return `${this.elsewhereOrigin}/servers/moved/sessions/?from=fuzz`;
			case 'foreign-userinfo':
				return `${this.elsewhereOrigin.replace('//', '//mover:redirect-secret@')}/steal?token=query-secret`;
			case 'same-origin':
				return `${current?.origin ?? ''}${current?.basePath ?? ''}/servers/elsewhere/sessions/`;
			case 'relative':
				return '/login?next=%2F';
			case 'garbage':
				// Not a URL, yet a value a header can carry (a NUL would make the server itself fail).
				return 'ht!tp://[::garbage';
		}
	}
}

interface Exchange {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	record: FuzzRequest & { status: number | string };
	body: Buffer;
}

/** Retry-After as sent: `date:+MS` becomes an HTTP date that far from now. */
function retryAfterValue(value: string): string {
	const date = /^date:([+-]\d+)$/.exec(value);
	return date ? new Date(Date.now() + Number(date[1])).toUTCString() : value;
}

/** The first entry of a list answer, or undefined for anything else. */
function firstEntry(value: { [key: string]: Lossless }): { [key: string]: Lossless } | undefined {
	for (const field of LIST_FIELDS) {
		const list = value[field];
		if (
			Array.isArray(list) &&
			list.length > 0 &&
			list[0] !== null &&
			typeof list[0] === 'object' &&
			!Array.isArray(list[0])
		) {
			return list[0] as { [key: string]: Lossless };
		}
	}
	return undefined;
}

/** Every `id` and `accountid` integer replaced by one beyond 2^53. */
function withBigIds(value: Lossless): Lossless {
	if (Array.isArray(value)) return value.map(withBigIds);
	if (value === null || typeof value !== 'object' || value instanceof ExactInteger) return value;
	const copy: { [key: string]: Lossless } = {};
	for (const [key, child] of Object.entries(value)) {
		copy[key] =
			(key === 'id' || key === 'accountid') && typeof child === 'number' && Number.isInteger(child) && child >= 0
				? new ExactInteger(bigId(String(child)))
				: withBigIds(child);
	}
	return copy;
}

/**
 * A map the simulator looks names up in: without a prototype, so that a server id, key or role id
 * named `toString` or `constructor` (fast-check makes such strings) is unknown, as on a real server.
 */
const lookup = <T>(entries: Record<string, T>): Record<string, T> =>
	Object.assign(Object.create(null) as Record<string, T>, entries);

/** A server of the tenant that is not the world's: a name and an owner, nothing in it, no key of the case. */
function otherServer(serverName: string, owner: string) {
	const empty = { users: [], accounts: [], serverAttributes: {}, privilegedAttributes: {} };
	return { settings: { serverName, owner }, keys: lookup({}), roles: lookup({}), sessions: lookup({}), ...empty };
}

/**
 * The simulator's fixture for a case's world: the world's server, holding the case's key (and
 * role) with the world's permissions, the tenant's other servers, roles, keys and attributes.
 */
function fixtureOf(world: WorldSpec, serverId: string, apiKey: string, roleId: string) {
	const admin = world.admin;
	const permissions = world.permissions;
	const global = admin?.global ?? [];
	const keyRole = admin?.keyRole ?? 'fuzz-key-role';
	const callerRole = roleId || keyRole;
	const role = (text: string) => (text === CALLER_ROLE ? callerRole : text);
	const keys = lookup<Record<string, unknown>>({
		[apiKey]: {
			permissions: [...permissions],
			global: [...global],
			root: true,
			role: keyRole,
			description: 'the credential',
			...(admin?.ownKeyListed && { createdBy: callerRole }),
		},
	});
	for (const key of admin?.apiKeys ?? []) {
		if (key.apikey === apiKey) continue;
		keys[key.apikey] = { permissions: [], role: role(key.role), description: key.description, createdBy: callerRole };
	}
	const roles = lookup<Record<string, unknown>>({});
	for (const entry of admin?.roles ?? []) roles[role(entry.role)] = { permissions: [...entry.permissions] };
	// The Role ID's role has the world's permissions, whatever the other roles say.
	if (roleId) roles[roleId] = { permissions: [...permissions], global: [...global] };
	const servers = lookup<Record<string, unknown>>({});
	servers[serverId] = {
		settings: {
			...admin?.settings,
			...(typeof admin?.settings.owner === 'string' && { owner: role(admin.settings.owner) }),
		},
		keys,
		roles,
		users: world.users.map((user) => {
			const userRole = admin && Object.hasOwn(admin.userRoles, user.userid) ? admin.userRoles[user.userid] : undefined;
			return { ...user, ...(userRole !== undefined && { role: role(userRole) }) };
		}),
		accounts: world.accounts.map((account) => ({ ...account })),
		attributes: new Map(Object.entries(admin?.attributes.users ?? {}).map(([user, values]) => [user, { ...values }])),
		serverAttributes: { ...admin?.attributes.server },
		privilegedAttributes: { ...admin?.attributes.privileged },
		sessions: lookup(
			Object.fromEntries(
				world.sessions.map((session) => [
					session.nonce,
					session.loggedin
						? { loggedin: true, userid: 'alice', accountid: 1, canprovoke: session.canprovoke }
						: { loggedin: false, canprovoke: session.canprovoke },
				]),
			),
		),
	};
	for (const other of admin?.servers ?? []) {
		if (!Object.hasOwn(servers, other.serverid))
			servers[other.serverid] = otherServer(other.serverName, role(other.owner));
	}
	return { servers, globalAttributes: { ...admin?.attributes.global } };
}
