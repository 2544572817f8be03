// A stateful nextAuth API stand-in on loopback, written from ../../shared/nextauth-sessions-api.md.
// It answers the session, transaction, account and user calls (with state: blocks, moves and
// deletions stay), enforces keys, roles and permissions, pages lists the way the contract allows
// (never more than maxPageSize per page), and records every request exactly as it arrived, for
// tests to assert the wire.
'use strict';

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const QRCode = require('qrcode');

const { defaultFixture } = require('./fixture');

/**
 * @typedef {object} RecordedRequest One request exactly as it arrived.
 * @property {string} method
 * @property {string} url the raw request target, query included
 * @property {string} path the raw (still percent-encoded) path
 * @property {string[]} segments the path's segments, each percent-decoded
 * @property {Record<string, string>} query
 * @property {Record<string, string | string[] | undefined>} headers lower-cased names
 * @property {string | null} body the raw body, null when there was none
 * @property {any} json the parsed JSON body, when there was one
 * @property {number | string} status the status it was answered with, or the fault's kind
 * @property {number} at when it arrived (ms since epoch)
 * @property {number} [sentBytes] for a 'huge' fault: the body bytes written before the socket closed
 */

/**
 * @typedef {object} Push A login pushed to a user's app.
 * @property {string} serverId
 * @property {string} nonce
 * @property {Record<string, unknown>} target the session, account or user it was pushed to
 * @property {any} userContext the UserContext body, if any
 */

/**
 * @typedef {object} Fault Something the simulator does instead of answering properly.
 * @property {'answer' | 'reset' | 'stall' | 'resetMidBody' | 'slowBody' | 'huge' | 'respond'} [kind] default 'answer':
 *   answer with `status`/`body`; 'reset': close the connection without answering; 'stall': accept
 *   and never answer; 'resetMidBody': send headers and half the body, then close; 'slowBody':
 *   the real answer, its body sent in chunks `delayMs` apart; 'huge': 200 with `bytes` bytes of
 *   body made on the fly (never held in memory), announced in Content-Length unless `chunked`,
 *   or with the `contentLength` header given (a lie, e.g. 10 GB, followed by a trickle).
 * @property {number} [status]
 * @property {string} [body]
 * @property {string} [contentType] default application/json
 * @property {Record<string, string>} [headers] e.g. { 'retry-after': '2' }
 * @property {number} [delayMs]
 * @property {number} [bytes] for 'huge'
 * @property {boolean} [chunked] for 'huge': no Content-Length
 * @property {string} [contentLength] for 'huge': this Content-Length, whatever is sent
 * @property {(exchange: RespondExchange) => Promise<void>} [respond] for 'respond' (see below)
 */

/**
 * @typedef {object} Transaction An approval asked of the user logged in on a session.
 * @property {string} tid base64, with `+`, `/` and `=` on purpose
 * @property {string} serverId
 * @property {string} nonce
 * @property {string} userid the user asked
 * @property {Record<string, unknown>} body the Transaction body as sent
 * @property {string} tstatus "0" new, "1" approved, "2" declined (or what a test set)
 * @property {{ decision: 'approve' | 'decline' | 'never' | 'status', afterPolls?: number, tstatus?: string }} policy
 * @property {number} polls result reads so far
 */

class HttpAnswer extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function newSession(serverId, nonce) {
	const payload = `nextauth:${serverId}:${crypto.createHash('sha256').update(`${serverId}|${nonce}`).digest('base64url')}`;
	return {
		loggedin: false,
		canprovoke: false,
		loginqrdata: Buffer.from(payload).toString('base64'),
		hsid: crypto.createHash('sha1').update(nonce).digest('hex'),
	};
}

/** Route table: method, path pattern below /servers/{serverid}, permissions (any of), handler name. */
const ROUTES = [
	{ method: 'GET', pattern: ['sessions', ''], permissions: ['sessions'], handler: 'getSession', nonce: true },
	{ method: 'GET', pattern: ['sessions', 'qr', 'login'], permissions: ['sessions'], handler: 'getQrLogin', nonce: true },
	{ method: 'POST', pattern: ['sessions', 'logout'], permissions: ['sessions'], handler: 'logout', nonce: true },
	{ method: 'POST', pattern: ['sessions', 'provokelogin'], permissions: ['sessions'], handler: 'provokeLogin', nonce: true },
	{ method: 'POST', pattern: ['accounts', ':accountid', 'provokelogin'], permissions: ['sessions', 'accounts'], handler: 'provokeLoginOnAccount', nonce: true },
	{ method: 'POST', pattern: ['users', ':userid', 'provokelogin'], permissions: ['sessions', 'users'], handler: 'provokeLoginOnUser', nonce: true },
	{ method: 'GET', pattern: ['users', ''], permissions: ['users'], handler: 'listUsers' },
	{ method: 'GET', pattern: ['accounts', ''], permissions: ['accounts'], handler: 'listAccounts' },
	{ method: 'GET', pattern: ['users', ':userid', 'accounts'], permissions: ['sessions', 'users'], handler: 'listUserAccounts' },
	{ method: 'DELETE', pattern: ['users', ':userid', 'accounts'], permissions: ['accounts', 'users'], handler: 'deleteUserAccounts' },
	{ method: 'DELETE', pattern: ['users', ':userid', ''], permissions: ['users'], handler: 'deleteUser' },
	{ method: 'GET', pattern: ['accounts', ':accountid', ''], permissions: ['sessions', 'accounts'], handler: 'getAccount' },
	{ method: 'PUT', pattern: ['accounts', ':accountid', ''], permissions: ['accounts'], handler: 'updateAccount' },
	{ method: 'DELETE', pattern: ['accounts', ':accountid', ''], permissions: ['accounts'], handler: 'deleteAccount' },
	{ method: 'PUT', pattern: ['accounts', ':accountid', 'user'], permissions: ['accounts'], handler: 'updateAccountUser' },
	{ method: 'POST', pattern: ['sessions', 'transactions'], permissions: ['sessions'], handler: 'createTransaction', nonce: true },
	{ method: 'GET', pattern: ['transactions', ':transactionid'], permissions: ['sessions'], handler: 'getTransactionResult' },
];

function matchRoute(method, rest) {
	let otherMethod;
	for (const route of ROUTES) {
		if (route.pattern.length !== rest.length) continue;
		const params = {};
		const matches = route.pattern.every((part, i) => {
			if (part.startsWith(':')) {
				params[part.slice(1)] = rest[i];
				return rest[i] !== '';
			}
			return part === rest[i];
		});
		if (!matches) continue;
		if (route.method === method) return { route, params, methodAllowed: true };
		otherMethod ??= { route, params, methodAllowed: false };
	}
	return otherMethod;
}

class NextAuthSimulator {
	/**
	 * @param {object} [options]
	 * @param {ReturnType<typeof defaultFixture>} [options.fixture] the world to start from
	 * @param {number} [options.latencyMs] delay before every answer (benchmarks)
	 * @param {{ key: string | Buffer, cert: string | Buffer }} [options.tls] serve HTTPS with this key and certificate
	 * @param {number} [options.maxPageSize] the most entries a list page holds, whatever `limit` asks
	 */
	constructor(options = {}) {
		this.fixture = options.fixture ?? defaultFixture();
		/** Like a real server may, answers fewer entries than `limit` asked for: clients must page on. */
		this.maxPageSize = options.maxPageSize ?? 100;
		this.latencyMs = options.latencyMs ?? 0;
		/** @type {RecordedRequest[]} every request as it arrived */
		this.requests = [];
		/** @type {Push[]} every login pushed to a user's app */
		this.pushes = [];
		/** Requests being answered right now, and the most there ever were at once. */
		this.inFlight = 0;
		this.maxInFlight = 0;
		/** When the last answer was finished (ms since epoch), even with recordRequests off. */
		this.lastAnsweredAt = 0;
		/** @type {string} set by start() */
		this.baseUrl = '';
		this.recordRequests = true;
		/** Answers to give instead of the real ones, next request first (see `failNext`). */
		this.faults = [];
		/** @type {Map<string, { fault: Fault, left: number }>} */
		this.nonceFaults = new Map();
		/** @type {(() => Fault | undefined) | undefined} */
		this.randomFault = undefined;
		/** @type {Map<string, { polls: number, userid: string, accountid?: number }>} see confirmLoginAfterPolls */
		this.pendingConfirmations = new Map();
		/** @type {Map<string, Transaction>} every transaction by its tid */
		this.transactions = new Map();
		/** How the next transactions get decided (see decideTransactions). */
		this.transactionPolicy = { decision: 'approve', afterPolls: 1 };
		/** Rendering a PNG takes ~1 s at 500 px: each (payload, size) is drawn once. */
		this.pngCache = new Map();
		const handler = (req, res) => this.handle(req, res);
		this.protocol = options.tls ? 'https' : 'http';
		this.server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
		this.server.keepAliveTimeout = 30_000;
		this.sockets = new Set();
		/** Connections accepted so far (kept-alive ones count once). */
		this.connections = 0;
		this.server.on(options.tls ? 'secureConnection' : 'connection', () => this.connections++);
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	/** Starts listening (port 0 = a free port) and resolves to the base URL. */
	async start({ port = 0, host = '127.0.0.1' } = {}) {
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, resolve);
		});
		const address = this.server.address();
		this.baseUrl = `${this.protocol}://${host}:${address.port}`;
		return this.baseUrl;
	}

	async stop() {
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(() => resolve()));
	}

	/**
	 * The next `count` requests get this fault instead of their real answer, e.g.
	 * `failNext(1, { status: 429, headers: { 'retry-after': '1' } })` or `failNext(2, { kind: 'reset' })`.
	 * @param {number} count
	 * @param {Fault} fault
	 */
	failNext(count, fault) {
		for (let i = 0; i < count; i++) this.faults.push(fault);
	}

	/**
	 * Requests carrying this X-nonce get the fault (the next `count` of them; all by default).
	 * @param {string} nonce
	 * @param {Fault} fault
	 */
	failNonce(nonce, fault, count = Infinity) {
		this.nonceFaults.set(nonce, { fault, left: count });
	}

	/**
	 * From now on each request gets, with probability `rate`, one of `faults` (picked by a seeded
	 * generator, so a run can be repeated). `rate: 0` turns it off.
	 * @param {{ rate: number, faults: Fault[], seed?: number }} schedule
	 */
	randomFaults({ rate, faults, seed = 1 }) {
		let state = seed >>> 0 || 1;
		const next = () => {
			state ^= state << 13;
			state ^= state >>> 17;
			state ^= state << 5;
			return (state >>> 0) / 4294967296;
		};
		this.randomFault = rate > 0 ? () => (next() < rate ? faults[Math.floor(next() * faults.length)] : undefined) : undefined;
	}

	/** The fault this request gets, if any. */
	faultFor(nonce) {
		const queued = this.faults.shift();
		if (queued) return queued;
		const byNonce = nonce === undefined ? undefined : this.nonceFaults.get(nonce);
		if (byNonce && byNonce.left > 0) {
			byNonce.left--;
			return byNonce.fault;
		}
		return this.randomFault?.();
	}

	/**
	 * How the user decides transactions created from now on: 'approve' or 'decline' once their
	 * result has been read `afterPolls` times (1: the first read already sees it), 'never', or
	 * 'status' to answer `tstatus` as given (e.g. an undocumented "7").
	 * @param {Transaction['policy']} policy
	 */
	decideTransactions(policy) {
		this.transactionPolicy = policy;
	}

	/** Forgets recorded requests and pushes (state stays). */
	clearRecords() {
		this.maxInFlight = 0;
		this.faults = [];
		this.nonceFaults.clear();
		this.randomFault = undefined;
		this.requests = [];
		this.pushes = [];
		this.transactionPolicy = { decision: 'approve', afterPolls: 1 };
	}

	/** Back to the fixture's world (accounts, users, sessions), e.g. after tests that delete. */
	resetWorld(fixture = defaultFixture()) {
		this.fixture = fixture;
		this.transactions.clear();
		this.pendingConfirmations.clear();
	}

	/**
	 * Adds `count` accounts (ids from 1000 on) spread over `users` users `bulk-<n>`, with logins
	 * spread over the last year: a world large enough to page through.
	 */
	addBulkAccounts(count, { users = 10, serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const server = this.serverState(serverId);
		for (let n = 0; n < users; n++) {
			if (!server.users.some((user) => user.userid === `bulk-${n}`)) server.users.push({ userid: `bulk-${n}` });
		}
		const start = 1000 + server.accounts.filter((account) => account.id >= 1000).length;
		for (let n = 0; n < count; n++) {
			const id = start + n;
			server.accounts.push({
				id,
				description: `Device ${id}`,
				userid: `bulk-${id % users}`,
				blocked: false,
				created: 1700000000000 + id,
				lastlogin: 1764000000000 - (id % 365) * 86_400_000,
				clientVersion: '2.4.1',
			});
		}
	}

	serverState(serverId) {
		return this.fixture.servers[serverId];
	}

	/** The session of a nonce, created (not logged in) on first use, like the real API. */
	session(serverId, nonce) {
		const server = this.serverState(serverId);
		if (!server) throw new Error(`unknown server ${serverId}`);
		const existing = server.sessions[nonce];
		server.sessions[nonce] = { ...newSession(serverId, nonce), ...existing };
		return server.sessions[nonce];
	}

	/** What the user's app does when a login is confirmed. */
	confirmLogin(serverId, nonce, userid, accountid) {
		Object.assign(this.session(serverId, nonce), { loggedin: true, userid, accountid, canprovoke: true });
	}

	/**
	 * The user confirms the pushed login after `polls` more get-session calls on this nonce
	 * (what a person does in the app while a workflow waits).
	 */
	confirmLoginAfterPolls(serverId, nonce, polls, userid, accountid) {
		this.pendingConfirmations.set(`${serverId}|${nonce}`, { polls, userid, accountid });
	}

	async handle(req, res) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const body = Buffer.concat(chunks);
		const [rawPath, rawQuery = ''] = (req.url ?? '').split(/\?(.*)/s);
		const record = {
			method: req.method,
			url: req.url,
			path: rawPath,
			segments: rawPath.split('/').slice(1).map((segment) => {
				try {
					return decodeURIComponent(segment);
				} catch {
					return segment;
				}
			}),
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			headers: { ...req.headers },
			body: body.length > 0 ? body.toString('utf8') : null,
			json: undefined,
			status: 0,
			at: Date.now(),
		};
		if (this.recordRequests) this.requests.push(record);

		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		res.on('close', () => {
			this.inFlight--;
			this.lastAnsweredAt = Date.now();
		});
		const fault = this.faultFor(record.headers['x-nonce']);
		// Fault kind 'respond' (see "Faults that write their own answer" below).
		if (fault?.kind === 'respond') return await this.respondWith(fault, req, res, record, body);
		if (fault?.kind === 'reset' || fault?.kind === 'stall') {
			record.status = fault.kind;
			if (fault.kind === 'reset') req.socket.destroy();
			return;
		}

		if (fault?.kind === 'huge') {
			record.status = 'huge';
			await this.sendHuge(res, fault, record);
			return;
		}

		let status = 200;
		let contentType;
		let payload = Buffer.alloc(0);
		let extraHeaders = {};
		try {
			if (fault && (fault.kind ?? 'answer') === 'answer') {
				status = fault.status ?? 500;
				contentType = fault.contentType ?? 'application/json';
				payload = Buffer.from(fault.body ?? '');
				extraHeaders = fault.headers ?? {};
			} else {
				const answer = await this.route(record, body);
				if (answer !== undefined) {
					status = answer.status ?? 200;
					contentType = answer.contentType;
					payload = answer.body;
				}
			}
		} catch (error) {
			if (!(error instanceof HttpAnswer)) throw error;
			status = error.status;
			contentType = 'application/json';
			payload = Buffer.from(JSON.stringify({ message: error.message }));
		}
		record.status = status;
		if (this.latencyMs > 0) await sleep(this.latencyMs);
		const headers = { ...extraHeaders, 'content-length': payload.length };
		if (contentType) headers['content-type'] = contentType;
		res.writeHead(status, headers);
		if (fault?.kind === 'resetMidBody') {
			res.write(payload.subarray(0, Math.floor(payload.length / 2)));
			record.status = 'resetMidBody';
			setImmediate(() => req.socket.destroy());
			return;
		}
		if (fault?.kind === 'slowBody') {
			for (let offset = 0; offset < payload.length; offset += 8) {
				res.write(payload.subarray(offset, offset + 8));
				await sleep(fault.delayMs ?? 50);
			}
			res.end();
			return;
		}
		res.end(payload);
	}

	/** Streams `fault.bytes` bytes of JSON-looking filler, waiting for the socket; stops when it closes. */
	async sendHuge(res, fault, record) {
		const headers = { 'content-type': 'application/json' };
		if (fault.contentLength) headers['content-length'] = fault.contentLength;
		else if (!fault.chunked) headers['content-length'] = String(fault.bytes);
		res.writeHead(200, headers);
		const chunk = Buffer.alloc(64 * 1024, 'x');
		let closed = false;
		res.on('close', () => {
			closed = true;
		});
		let left = fault.bytes ?? 0;
		while (left > 0 && !closed) {
			const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
			left -= piece.length;
			record.sentBytes = (record.sentBytes ?? 0) + piece.length;
			if (!res.write(piece) && !closed) {
				await new Promise((resolve) => {
					const done = () => {
						res.off('drain', done);
						res.off('close', done);
						resolve();
					};
					res.on('drain', done);
					res.on('close', done);
				});
			}
			if (fault.delayMs) await sleep(fault.delayMs);
		}
		if (!closed) res.end();
	}

	// --- Faults that write their own answer (kind 'respond'; added for the fuzz, test/fuzz) -------
	// The fault gets the raw exchange and the answer the simulator would give (computed only when
	// asked, so the world changes only then), and writes whatever it likes: the real answer as is,
	// compressed, rewritten, cut short, or nothing at all. A failure inside it closes the socket
	// rather than escaping as an unhandled rejection.

	/**
	 * @typedef {object} RespondExchange
	 * @property {import('node:http').IncomingMessage} req
	 * @property {import('node:http').ServerResponse} res
	 * @property {RecordedRequest} record set `record.status` to what was answered
	 * @property {Buffer} body the request body as received
	 * @property {() => Promise<{ status: number, contentType?: string, body: Buffer }>} realAnswer
	 */

	async respondWith(fault, req, res, record, body) {
		record.status = 'respond';
		try {
			await fault.respond({ req, res, record, body, realAnswer: () => this.realAnswer(record, body) });
		} catch {
			req.socket.destroy();
		}
	}

	/** The answer the simulator would give this request, not sent: status, content type and body. */
	async realAnswer(record, body) {
		try {
			const answer = await this.route(record, body);
			return { status: answer?.status ?? 200, contentType: answer?.contentType, body: answer?.body ?? Buffer.alloc(0) };
		} catch (error) {
			if (!(error instanceof HttpAnswer)) throw error;
			return { status: error.status, contentType: 'application/json', body: Buffer.from(JSON.stringify({ message: error.message })) };
		}
	}
	// --- end of the faults that write their own answer ----------------------------------------------

	async route(record, body) {
		const { segments, headers, method } = record;
		if (segments[0] !== 'servers' || segments.length < 3) throw new HttpAnswer(404, 'no such endpoint');
		const serverId = segments[1];
		const server = this.serverState(serverId);
		if (!server) throw new HttpAnswer(404, 'server not found');

		const key = server.keys[headers['x-apikey'] ?? ''];
		if (!key) throw new HttpAnswer(401, 'invalid api key');
		let permissions = key.permissions;
		if ('x-su' in headers) {
			const roleId = headers['x-su'];
			if (!roleId) throw new HttpAnswer(400, 'empty X-su header');
			if (!key.root && !key.setrid) throw new HttpAnswer(403, 'this key may not impersonate roles');
			const role = server.roles[roleId];
			if (!role) throw new HttpAnswer(403, 'unknown role');
			permissions = role.permissions;
		}

		const match = matchRoute(method, segments.slice(2));
		if (!match) throw new HttpAnswer(404, 'no such endpoint');
		if (!match.methodAllowed) throw new HttpAnswer(405, 'method not allowed');
		const { route, params } = match;
		if (!route.permissions.some((permission) => permissions.includes(permission))) {
			throw new HttpAnswer(403, `missing permission: ${route.permissions.join(' or ')}`);
		}

		let json;
		if (body.length > 0) {
			if (!(headers['content-type'] ?? '').startsWith('application/json')) {
				throw new HttpAnswer(400, 'body must be application/json');
			}
			try {
				json = JSON.parse(body.toString('utf8'));
			} catch {
				throw new HttpAnswer(400, 'body is not valid JSON');
			}
			record.json = json;
		}
		const nonce = headers['x-nonce'];
		if (route.nonce && !nonce) throw new HttpAnswer(400, 'missing X-nonce header');
		return await this[route.handler]({ serverId, server, nonce, params, query: record.query, json });
	}

	getSession({ serverId, nonce }) {
		const pending = this.pendingConfirmations.get(`${serverId}|${nonce}`);
		if (pending && --pending.polls <= 0) {
			this.pendingConfirmations.delete(`${serverId}|${nonce}`);
			this.confirmLogin(serverId, nonce, pending.userid, pending.accountid);
		}
		return jsonAnswer(this.session(serverId, nonce));
	}

	async getQrLogin({ serverId, nonce, query, json }) {
		const { loginqrdata } = this.session(serverId, nonce);
		if (json !== undefined) this.session(serverId, nonce).qrUserContext = json;
		const payload = Buffer.from(loginqrdata, 'base64');
		if (query.img === undefined) return { contentType: 'application/octet-stream', body: payload };
		if (query.img !== 'png') throw new HttpAnswer(400, 'img must be "png"');
		const size = query.s === undefined ? 500 : Number(query.s);
		if (!Number.isInteger(size) || size < 1) throw new HttpAnswer(400, 's must be a positive integer');
		const cacheKey = `${size}|${loginqrdata}`;
		let png = this.pngCache.get(cacheKey);
		if (!png) {
			png = await QRCode.toBuffer(payload.toString('utf8'), { type: 'png', width: size, margin: 2 });
			this.pngCache.set(cacheKey, png);
		}
		return { contentType: 'application/octet-stream', body: png };
	}

	logout({ serverId, nonce }) {
		Object.assign(this.session(serverId, nonce), { loggedin: false });
		return emptyAnswer();
	}

	provokeLogin({ serverId, nonce, json }) {
		const session = this.session(serverId, nonce);
		if (!session.canprovoke) throw new HttpAnswer(400, 'no login can be pushed for this session');
		this.pushes.push({ serverId, nonce, target: { session: nonce, userid: session.userid }, userContext: json });
		return emptyAnswer();
	}

	provokeLoginOnAccount({ serverId, server, nonce, params, json }) {
		if (!/^\d+$/.test(params.accountid)) throw new HttpAnswer(400, 'accountid must be an integer');
		const account = server.accounts.find((candidate) => candidate.id === Number(params.accountid));
		if (!account) throw new HttpAnswer(404, 'account not found');
		this.session(serverId, nonce);
		this.pushes.push({ serverId, nonce, target: { accountid: account.id }, userContext: json });
		return emptyAnswer();
	}

	provokeLoginOnUser({ serverId, server, nonce, params, json }) {
		const user = server.users.find((candidate) => candidate.userid === params.userid);
		if (!user) throw new HttpAnswer(404, 'user not found');
		this.session(serverId, nonce);
		this.pushes.push({ serverId, nonce, target: { userid: user.userid }, userContext: json });
		return emptyAnswer();
	}

	createTransaction({ serverId, nonce, json }) {
		const session = this.session(serverId, nonce);
		if (!session.loggedin) throw new HttpAnswer(403, 'no account associated with this session');
		if (json === undefined || json === null || typeof json !== 'object' || Array.isArray(json)) {
			throw new HttpAnswer(400, 'a Transaction object is required');
		}
		// A tid that needs percent-encoding as a path segment, like real base64 ids can.
		const tid = `${crypto.randomBytes(12).toString('base64').slice(0, 14)}+/=`;
		this.transactions.set(tid, { tid, serverId, nonce, userid: session.userid, body: json, tstatus: '0', policy: { ...this.transactionPolicy }, polls: 0 });
		return jsonAnswer({ tid });
	}

	getTransactionResult({ serverId, params }) {
		const transaction = this.transactions.get(params.transactionid);
		if (!transaction || transaction.serverId !== serverId) throw new HttpAnswer(404, 'transaction not found');
		transaction.polls++;
		const { decision, afterPolls = 1, tstatus } = transaction.policy;
		if (transaction.tstatus === '0' && decision !== 'never' && transaction.polls >= afterPolls) {
			transaction.tstatus = decision === 'approve' ? '1' : decision === 'decline' ? '2' : String(tstatus);
		}
		return jsonAnswer({ tstatus: transaction.tstatus });
	}

	listUsers({ server, query }) {
		const search = (query.search ?? '').toLowerCase();
		const users = server.users
			.filter((user) => user.userid.toLowerCase().includes(search))
			.map((user) => {
				const accounts = server.accounts.filter((account) => account.userid === user.userid);
				const lastlogin = Math.max(user.lastlogin ?? 0, ...accounts.map((account) => account.lastlogin ?? 0));
				return { ...user, ...(lastlogin > 0 && { lastlogin }), numberaccounts: accounts.length };
			});
		const selected = sorted(filtered(users, query.filter), query.sort);
		return jsonAnswer({ users: this.page(selected, query), totalnumber: selected.length });
	}

	listAccounts({ server, query }) {
		const selected = sorted(filtered(server.accounts, query.filter), query.sort);
		return jsonAnswer({ accounts: this.page(selected, query), totalnumber: selected.length });
	}

	listUserAccounts({ server, params, query }) {
		userOf(server, params.userid);
		const selected = sorted(server.accounts.filter((account) => account.userid === params.userid), query.sort);
		return jsonAnswer({ accounts: this.page(selected, query), totalnumber: selected.length });
	}

	deleteUserAccounts({ server, params }) {
		userOf(server, params.userid);
		server.accounts = server.accounts.filter((account) => account.userid !== params.userid);
		return emptyAnswer();
	}

	/** The contract does not say what becomes of the user's accounts; here they go with it. */
	deleteUser({ server, params }) {
		const user = userOf(server, params.userid);
		server.users = server.users.filter((candidate) => candidate !== user);
		server.accounts = server.accounts.filter((account) => account.userid !== user.userid);
		return emptyAnswer();
	}

	getAccount({ server, params }) {
		return jsonAnswer(accountOf(server, params.accountid));
	}

	updateAccount({ server, params, query }) {
		const account = accountOf(server, params.accountid);
		if (query.blocked !== 'true' && query.blocked !== 'false') throw new HttpAnswer(400, 'blocked must be true or false');
		account.blocked = query.blocked === 'true';
		return jsonAnswer(account);
	}

	deleteAccount({ server, params }) {
		const account = accountOf(server, params.accountid);
		server.accounts = server.accounts.filter((candidate) => candidate !== account);
		return emptyAnswer();
	}

	/** An unknown user name is a 403, as the contract says (the same status as a missing permission). */
	updateAccountUser({ server, params, query }) {
		const account = accountOf(server, params.accountid);
		if (!query.userid) throw new HttpAnswer(400, 'userid is required');
		if (!server.users.some((user) => user.userid === query.userid)) throw new HttpAnswer(403, 'invalid user name');
		account.userid = query.userid;
		return jsonAnswer(account);
	}

	/** Offset paging: `marker` is the first index, at most `limit` and at most maxPageSize entries. */
	page(list, query) {
		const marker = Number(query.marker ?? 0) || 0;
		const limit = query.limit === undefined ? this.maxPageSize : Math.min(Number(query.limit), this.maxPageSize);
		return list.slice(marker, marker + limit);
	}
}

function accountOf(server, accountid) {
	if (!/^\d+$/.test(accountid)) throw new HttpAnswer(400, 'accountid must be an integer');
	const account = server.accounts.find((candidate) => candidate.id === Number(accountid));
	if (!account) throw new HttpAnswer(404, 'account not found');
	return account;
}

function userOf(server, userid) {
	const user = server.users.find((candidate) => candidate.userid === userid);
	if (!user) throw new HttpAnswer(404, 'user not found');
	return user;
}

/** `attr=value` or `attr=in:a,b`, compared as text; anything else is a 400, like a strict server. */
function filtered(list, filter) {
	if (filter === undefined || filter === '') return list;
	const match = /^([A-Za-z_][A-Za-z0-9_]*)=(in:)?(.*)$/s.exec(filter);
	if (!match) throw new HttpAnswer(400, `invalid filter: ${filter}`);
	const [, attribute, isIn, value] = match;
	const allowed = isIn ? value.split(',') : [value];
	return list.filter((entry) => entry[attribute] !== undefined && allowed.includes(String(entry[attribute])));
}

/** `column`, `column:desc`, `c1:desc,c2:asc`; a stable sort, missing values first. */
function sorted(list, sort) {
	if (sort === undefined || sort === '') return list;
	const keys = sort.split(',').map((part) => {
		const [column, direction = 'asc'] = part.split(':');
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column) || !['asc', 'desc'].includes(direction)) {
			throw new HttpAnswer(400, `invalid sort: ${sort}`);
		}
		return { column, sign: direction === 'desc' ? -1 : 1 };
	});
	return [...list].sort((a, b) => {
		for (const { column, sign } of keys) {
			const [x, y] = [a[column] ?? null, b[column] ?? null];
			if (x === y) continue;
			if (x === null) return -sign;
			if (y === null) return sign;
			return (x < y ? -1 : 1) * sign;
		}
		return 0;
	});
}

function jsonAnswer(value) {
	return { contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) };
}

function emptyAnswer() {
	return { body: Buffer.alloc(0) };
}

module.exports = { NextAuthSimulator };
