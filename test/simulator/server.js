// A stateful nextAuth API stand-in on loopback, written from ../../shared/nextauth-sessions-api.md.
// It answers the session, transaction, account and user calls (with state: blocks, moves and
// deletions stay) and the tenant's administration (servers, permissions, API keys, roles,
// attributes at every level, HTML blocks), enforces keys, roles and permissions (on the server
// and global), pages lists the way the contract allows
// (never more than maxPageSize per page), and records every request exactly as it arrived, for
// tests to assert the wire.
'use strict';

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
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
 * @property {string | Buffer | ((request: RecordedRequest) => string)} [body] text, bytes as they are (e.g. a gzip-compressed
 *   answer), or made from the request (e.g. a page for its `marker`)
 * @property {string} [contentType] default application/json
 * @property {Record<string, string | string[]>} [headers] e.g. { 'retry-after': '2' }; a list is sent as one header line each
 * @property {number} [delayMs]
 * @property {number} [bytes] for 'huge'
 * @property {boolean} [chunked] for 'huge': no Content-Length
 * @property {string} [contentLength] for 'huge': this Content-Length, whatever is sent
 * @property {boolean} [acted] carry the request out first (a push is recorded, a transaction
 *   made), then answer with the fault: what a server does that fails after its work
 * @property {string} [method] only requests with this method get the fault (failNext and
 *   failNonce); others pass it by
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

/**
 * @typedef {object} Enrolment An enrolment QR code shown on a session, not scanned yet.
 * @property {string} serverId
 * @property {string} nonce the session it is bound to
 * @property {string} name the name the app shows for the new account
 * @property {string} [userid] the user the new account is registered under
 * @property {Buffer} payload the bytes the QR code encodes (binary on purpose: not valid UTF-8)
 * @property {Buffer} [served] the last answer to qr/enrol for it, PNG or raw, exactly as sent
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

/**
 * Route table: method, path pattern below /servers/{serverid}, permissions (any of: a name on the
 * server, or `global:<name>` for a global one), handler name.
 */
const ROUTES = [
	{ method: 'GET', pattern: ['sessions', ''], permissions: ['sessions'], handler: 'getSession', nonce: true },
	{
		method: 'GET',
		pattern: ['sessions', 'qr', 'login'],
		permissions: ['sessions'],
		handler: 'getQrLogin',
		nonce: true,
	},
	{ method: 'POST', pattern: ['sessions', 'logout'], permissions: ['sessions'], handler: 'logout', nonce: true },
	{
		method: 'POST',
		pattern: ['sessions', 'provokelogin'],
		permissions: ['sessions'],
		handler: 'provokeLogin',
		nonce: true,
	},
	{
		method: 'POST',
		pattern: ['accounts', ':accountid', 'provokelogin'],
		permissions: ['sessions', 'accounts'],
		handler: 'provokeLoginOnAccount',
		nonce: true,
	},
	{
		method: 'POST',
		pattern: ['users', ':userid', 'provokelogin'],
		permissions: ['sessions', 'users'],
		handler: 'provokeLoginOnUser',
		nonce: true,
	},
	{ method: 'GET', pattern: ['users', ''], permissions: ['users'], handler: 'listUsers' },
	{ method: 'GET', pattern: ['accounts', ''], permissions: ['accounts'], handler: 'listAccounts' },
	{
		method: 'GET',
		pattern: ['users', ':userid', 'accounts'],
		permissions: ['sessions', 'users'],
		handler: 'listUserAccounts',
	},
	{
		method: 'DELETE',
		pattern: ['users', ':userid', 'accounts'],
		permissions: ['accounts', 'users'],
		handler: 'deleteUserAccounts',
	},
	{ method: 'DELETE', pattern: ['users', ':userid', ''], permissions: ['users'], handler: 'deleteUser' },
	{
		method: 'GET',
		pattern: ['accounts', ':accountid', ''],
		permissions: ['sessions', 'accounts'],
		handler: 'getAccount',
	},
	{ method: 'PUT', pattern: ['accounts', ':accountid', ''], permissions: ['accounts'], handler: 'updateAccount' },
	{ method: 'DELETE', pattern: ['accounts', ':accountid', ''], permissions: ['accounts'], handler: 'deleteAccount' },
	{
		method: 'PUT',
		pattern: ['accounts', ':accountid', 'user'],
		permissions: ['accounts'],
		handler: 'updateAccountUser',
	},
	{
		method: 'POST',
		pattern: ['sessions', 'transactions'],
		permissions: ['sessions'],
		handler: 'createTransaction',
		nonce: true,
	},
	{
		method: 'GET',
		pattern: ['transactions', ':transactionid'],
		permissions: ['sessions'],
		handler: 'getTransactionResult',
	},
];

// ---- Registration (enrolment QR codes, user names for a session's account) ----
ROUTES.push(
	{
		method: 'GET',
		pattern: ['sessions', 'qr', 'enrol'],
		permissions: ['sessions'],
		handler: 'getQrEnrol',
		nonce: true,
	},
	{
		method: 'POST',
		pattern: ['sessions', 'registeruser'],
		permissions: ['users'],
		handler: 'registerUser',
		nonce: true,
	},
);
// ---- end of Registration routes ----

/** The route of `routes` whose pattern `rest` (the path's segments) matches, with its parameters. */
function matchRoute(routes, method, rest) {
	let otherMethod;
	for (const route of routes) {
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
		recordAccountIds(this.fixture);
		/** Like a real server may, answers fewer entries than `limit` asked for: clients must page on. */
		this.maxPageSize = options.maxPageSize ?? 100;
		/**
		 * How the account lists look, as servers differ where the contract is silent: entries without
		 * the sorted column first (PostgreSQL's order for `desc`) rather than last, and no `totalnumber`.
		 */
		this.listStyle = { missingFirst: false, withoutTotal: false };
		/**
		 * Set to a seed, accounts whose sort columns are equal come back in a random order on every
		 * request, as a database answering ORDER BY … LIMIT … OFFSET may give them (seeded, repeatable).
		 * @type {number | undefined}
		 */
		this.shuffleTies = undefined;
		/**
		 * Called with each request's record once its (real) answer is sent: a test changes the world
		 * between two requests it picks, e.g. between the pages of one watch's read.
		 * @type {((record: RecordedRequest) => void) | undefined}
		 */
		this.afterAnswer = undefined;
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
		/** @type {Map<string, Enrolment>} the pending enrolment of each session, by `${serverId}|${nonce}` */
		this.enrolments = new Map();
		/** Rendering a PNG takes ~1 s at 500 px: each (payload, size) is drawn once. */
		this.pngCache = new Map();
		/** @type {{ scanAfterMs: number, confirmAfterPolls: number } | undefined} see playApp */
		this.app = undefined;
		/** @type {Set<NodeJS.Timeout>} the app's pending scans, cleared by stop() */
		this.appTimers = new Set();
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
		for (const timer of this.appTimers) clearTimeout(timer);
		this.appTimers.clear();
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
	 * Requests carrying this X-nonce get the fault (the next `count` of them, all by default,
	 * after letting `skip` of them pass).
	 * @param {string} nonce
	 * @param {Fault} fault
	 */
	failNonce(nonce, fault, count = Infinity, skip = 0) {
		this.nonceFaults.set(nonce, { fault, left: count, skip });
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
		this.randomFault =
			rate > 0 ? () => (next() < rate ? faults[Math.floor(next() * faults.length)] : undefined) : undefined;
	}

	/** The fault this request gets, if any. */
	faultFor(nonce, method) {
		const applies = (fault) => fault.method === undefined || fault.method === method;
		if (this.faults.length > 0 && applies(this.faults[0])) return this.faults.shift();
		const byNonce = nonce === undefined ? undefined : this.nonceFaults.get(nonce);
		if (byNonce && byNonce.left > 0 && applies(byNonce.fault)) {
			if (byNonce.skip > 0) {
				byNonce.skip--;
				return undefined;
			}
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
		this.listStyle = { missingFirst: false, withoutTotal: false };
		this.shuffleTies = undefined;
		recordAccountIds(fixture);
		this.transactions.clear();
		this.pendingConfirmations.clear();
		this.enrolments.clear();
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
		server.lastAccountId = Math.max(server.lastAccountId ?? 0, start + count - 1);
	}

	/** A server of the world, or undefined (an id such as `constructor` or `__proto__` is just an unknown id). */
	serverState(serverId) {
		return Object.hasOwn(this.fixture.servers, serverId) ? this.fixture.servers[serverId] : undefined;
	}

	// ---- Watching for changes (the NextAuth Trigger): the server's clock, new accounts, logins, blocks.

	/**
	 * The server's clock (ms since epoch) for `created` and `lastlogin`: Date.now(), or the time a
	 * test held it at (holdClock), so that several changes share one timestamp as on a real server.
	 */
	now() {
		return this.heldClock ?? Date.now();
	}

	/** Holds the server's clock at `at` (ms) until released with `holdClock(undefined)`. */
	holdClock(at) {
		this.heldClock = at;
	}

	/**
	 * What enrolling a device does to the list: a new account (the next free id, `created` now)
	 * of `userid` (created when new), blocked or not. Returns the account.
	 * @param {{ userid?: string, description?: string, blocked?: boolean, serverId?: string }} [options]
	 */
	addAccount({ userid, description, blocked = false, serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const server = this.serverState(serverId);
		if (userid !== undefined && !server.users.some((user) => user.userid === userid)) server.users.push({ userid });
		const id = nextAccountId(server);
		const account = {
			id,
			description: description ?? `Device ${id}`,
			...(userid !== undefined && { userid }),
			blocked,
			created: this.now(),
			clientVersion: '2.4.1',
		};
		server.accounts.push(account);
		return account;
	}

	/** Adds `count` accounts at once (see addAccount); returns them, oldest first. */
	addAccounts(count, options = {}) {
		return Array.from({ length: count }, () => this.addAccount(options));
	}

	/** What a login with the app does to the account: `lastlogin` becomes now. */
	logAccountIn(accountId, { serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const account = this.serverState(serverId).accounts.find((candidate) => candidate.id === accountId);
		if (!account) throw new Error(`no account ${accountId}`);
		account.lastlogin = this.now();
		return account;
	}

	/** Blocks or unblocks an account directly (as an administrator in another tool would). */
	setBlocked(accountId, blocked, { serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const account = this.serverState(serverId).accounts.find((candidate) => candidate.id === accountId);
		if (!account) throw new Error(`no account ${accountId}`);
		account.blocked = blocked;
		return account;
	}

	/** Removes an account directly, as Delete Account does. */
	removeAccount(accountId, { serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const server = this.serverState(serverId);
		server.accounts = server.accounts.filter((candidate) => candidate.id !== accountId);
	}

	/**
	 * Runs `change` once the next `count` requests have been answered (right after the last of
	 * them): the world moves between two requests, e.g. between two pages of one list read.
	 * @param {number} count
	 * @param {() => void} change
	 */
	changeAfterAnswers(count, change) {
		for (let n = 1; n <= count; n++) {
			this.failNext(1, {
				kind: 'respond',
				respond: async ({ res, record, realAnswer }) => {
					const answer = await realAnswer();
					record.status = answer.status;
					res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
					res.end(answer.body);
					if (n === count) change();
				},
			});
		}
	}

	/** Moves an account to another user (created when new), as Move to User does. */
	moveAccount(accountId, userid, { serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const server = this.serverState(serverId);
		const account = server.accounts.find((candidate) => candidate.id === accountId);
		if (!account) throw new Error(`no account ${accountId}`);
		if (!server.users.some((user) => user.userid === userid)) server.users.push({ userid });
		account.userid = userid;
		return account;
	}

	/** Sets (or, with `undefined`, removes) one attribute of a user, which changes what an Attribute Filter selects. */
	setUserAttribute(userid, key, value, { serverId = Object.keys(this.fixture.servers)[0] } = {}) {
		const attributes = attributeStore(this.serverState(serverId));
		const current = { ...attributes.get(userid) };
		if (value === undefined) delete current[key];
		else current[key] = value;
		attributes.set(userid, current);
	}

	/** The list in the order of a request's `sort`; equal keys shuffled per request when shuffleTies is set. */
	sortedList(list, sort) {
		if (this.shuffleTies === undefined || sort === undefined || sort === '')
			return sorted(list, sort, this.listStyle.missingFirst);
		let state = (this.shuffleTies = Math.imul(this.shuffleTies ^ 0x9e3779b9, 2654435761) >>> 0 || 1);
		const random = () => {
			state ^= state << 13;
			state ^= state >>> 17;
			state ^= state << 5;
			return (state >>> 0) / 4294967296;
		};
		const shuffled = [...list];
		for (let n = shuffled.length - 1; n > 0; n--) {
			const other = Math.floor(random() * (n + 1));
			[shuffled[n], shuffled[other]] = [shuffled[other], shuffled[n]];
		}
		return sorted(shuffled, sort, this.listStyle.missingFirst);
	}

	// ---- end of Watching for changes

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

	/**
	 * Plays every user's nextAuth app, for `npm run dev` where nobody holds a phone: an enrolment
	 * QR code is scanned `scanAfterMs` after it was served (completeEnrolment), a login pushed to a
	 * session, account or user is confirmed after `confirmAfterPolls` more status checks of its
	 * session (confirmLoginAfterPolls, by the user's newest unblocked account). `false` stops it.
	 * Off by default: tests scan and confirm themselves.
	 * @param {{ scanAfterMs?: number, confirmAfterPolls?: number } | false} [options]
	 */
	playApp(options = {}) {
		this.app =
			options === false
				? undefined
				: { scanAfterMs: options.scanAfterMs ?? 3000, confirmAfterPolls: options.confirmAfterPolls ?? 2 };
	}

	/** With playApp on: the pushed login of this session is confirmed by `userid`'s app, if they have one. */
	appConfirmsPush(serverId, nonce, userid, accountid) {
		if (!this.app || userid === undefined) return;
		const server = this.serverState(serverId);
		const account =
			accountid !== undefined
				? server.accounts.find((candidate) => candidate.id === accountid && !candidate.blocked)
				: server.accounts.filter((candidate) => candidate.userid === userid && !candidate.blocked).at(-1);
		if (account) this.confirmLoginAfterPolls(serverId, nonce, this.app.confirmAfterPolls, userid, account.id);
	}

	/** With playApp on: scans `enrolment` after the app's delay, unless a newer code replaced it by then. */
	appScans(enrolment) {
		if (!this.app) return;
		const key = `${enrolment.serverId}|${enrolment.nonce}`;
		const timer = setTimeout(() => {
			this.appTimers.delete(timer);
			if (this.enrolments.get(key) === enrolment) this.completeEnrolment(enrolment.serverId, enrolment.nonce);
		}, this.app.scanAfterMs);
		timer.unref();
		this.appTimers.add(timer);
	}

	async handle(req, res) {
		// The server's Date comes from the same clock as its timestamps (held in tests, or stepped back).
		res.setHeader('date', new Date(this.now()).toUTCString());
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const body = Buffer.concat(chunks);
		const [rawPath, rawQuery = ''] = (req.url ?? '').split(/\?(.*)/s);
		const record = {
			method: req.method,
			url: req.url,
			path: rawPath,
			segments: rawPath
				.split('/')
				.slice(1)
				.map((segment) => {
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
		const fault = this.faultFor(record.headers['x-nonce'], record.method);
		// Fault kind 'respond' (see "Faults that write their own answer" below).
		if (fault?.kind === 'respond') return await this.respondWith(fault, req, res, record, body);
		if (fault?.acted) await this.route(record, body).catch(() => {});
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
				payload = Buffer.from((typeof fault.body === 'function' ? fault.body(record) : fault.body) ?? '');
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
		this.afterAnswer?.(record);
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
			return {
				status: error.status,
				contentType: 'application/json',
				body: Buffer.from(JSON.stringify({ message: error.message })),
			};
		}
	}
	// --- end of the faults that write their own answer ----------------------------------------------

	/**
	 * Calls below /servers/{serverid}/… find the key in that server's keys; the others (GLOBAL_ROUTES:
	 * /servers/, /apikeys/, /attributes/) in the first server holding it, its home. The order of the
	 * refusals: unknown server (of a global call: unknown path) 404, key 401, X-su 400/403, unknown
	 * path below the server 404, method 405, permission 403.
	 */
	async route(record, body) {
		const { segments, headers, method } = record;
		let serverId;
		let server;
		let match;
		let caller;
		if (segments[0] === 'servers' && segments.length >= 3) {
			serverId = segments[1];
			server = this.serverState(serverId);
			if (!server) throw new HttpAnswer(404, 'server not found');
			caller = callerOf(server, headers);
			match = matchRoute(ROUTES, method, segments.slice(2));
			if (!match) throw new HttpAnswer(404, 'no such endpoint');
		} else {
			match = matchRoute(GLOBAL_ROUTES, method, segments);
			if (!match) throw new HttpAnswer(404, 'no such endpoint');
			caller = callerOf(this.homeServer(headers['x-apikey'] ?? ''), headers);
		}
		if (!match.methodAllowed) throw new HttpAnswer(405, 'method not allowed');
		const { route, params } = match;
		if (!route.permissions.some((permission) => grants(caller, permission))) {
			throw new HttpAnswer(403, `missing permission: ${route.permissions.map(permissionLabel).join(' or ')}`);
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
		// `queryKeys`: every key as sent, repeats included (`query` keeps the last of each), for strictQuery.
		const queryKeys = [...new URLSearchParams((record.url ?? '').split(/\?(.*)/s)[1] ?? '').keys()];
		return await this[route.handler]({
			serverId,
			server,
			caller,
			level: route.level,
			nonce,
			params,
			query: record.query,
			queryKeys,
			json,
		});
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
		this.appConfirmsPush(serverId, nonce, session.userid, session.accountid);
		return emptyAnswer();
	}

	provokeLoginOnAccount({ serverId, server, nonce, params, json }) {
		if (!/^\d+$/.test(params.accountid)) throw new HttpAnswer(400, 'accountid must be an integer');
		const account = server.accounts.find((candidate) => candidate.id === Number(params.accountid));
		if (!account) throw new HttpAnswer(404, 'account not found');
		this.session(serverId, nonce);
		this.pushes.push({ serverId, nonce, target: { accountid: account.id }, userContext: json });
		this.appConfirmsPush(serverId, nonce, account.userid, account.id);
		return emptyAnswer();
	}

	provokeLoginOnUser({ serverId, server, nonce, params, json }) {
		const user = server.users.find((candidate) => candidate.userid === params.userid);
		if (!user) throw new HttpAnswer(404, 'user not found');
		this.session(serverId, nonce);
		this.pushes.push({ serverId, nonce, target: { userid: user.userid }, userContext: json });
		this.appConfirmsPush(serverId, nonce, user.userid);
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
		this.transactions.set(tid, {
			tid,
			serverId,
			nonce,
			userid: session.userid,
			body: json,
			tstatus: '0',
			policy: { ...this.transactionPolicy },
			polls: 0,
		});
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

	// ---- Registration: enrolment QR codes and user names (the routes' block above) ----

	/**
	 * The pending enrolment of a session (see getQrEnrol), or undefined: what a test compares the
	 * node's output with (`payload` base64 is `enrolqrdata`, `served` the bytes of the last answer).
	 */
	pendingEnrolment(serverId, nonce) {
		return this.enrolments.get(`${serverId}|${nonce}`);
	}

	/**
	 * What the nextAuth app does when the enrol QR code of this session is scanned: a new account
	 * (the next free id, `created` now) named `description` (default: the enrolment's name),
	 * under the enrolment's user (created when new) or under none. With `login` (default), the
	 * session is then logged in with the new account, as after a login: Register User can then
	 * name it. The enrolment is used up.
	 * @param {string} serverId
	 * @param {string} nonce
	 * @param {{ description?: string, login?: boolean }} [options]
	 */
	completeEnrolment(serverId, nonce, { description, login = true } = {}) {
		const key = `${serverId}|${nonce}`;
		const enrolment = this.enrolments.get(key);
		if (!enrolment) throw new Error(`no pending enrolment on session ${nonce}`);
		this.enrolments.delete(key);
		const server = this.serverState(serverId);
		const { userid } = enrolment;
		if (userid !== undefined && !server.users.some((user) => user.userid === userid)) server.users.push({ userid });
		const account = {
			id: nextAccountId(server),
			description: description ?? enrolment.name,
			...(userid !== undefined && { userid }),
			blocked: false,
			created: this.now(),
			clientVersion: '2.4.1',
		};
		server.accounts.push(account);
		if (login) this.confirmLogin(serverId, nonce, userid, account.id);
		return account;
	}

	/**
	 * GET sessions/qr/enrol?name=…[&userid=…][&img=png&s=…]: a pending enrolment bound to the
	 * session (a new one replaces the one before; the same name and user give the same code),
	 * answered as raw bytes or, with img=png, as a PNG of them.
	 */
	async getQrEnrol({ serverId, nonce, query, json }) {
		onlyQueryKeys(query, ['name', 'userid', 'img', 's']);
		if (json !== undefined) throw new HttpAnswer(400, 'qr/enrol takes no body');
		if (!query.name) throw new HttpAnswer(400, 'name is required');
		if (query.userid === '') throw new HttpAnswer(400, 'userid must not be empty');
		if (query.img === undefined && query.s !== undefined) throw new HttpAnswer(400, 's needs img=png');
		this.session(serverId, nonce);
		const digest = crypto
			.createHash('sha256')
			.update(JSON.stringify([serverId, nonce, query.name, query.userid ?? null]))
			.digest();
		// Bytes that are not UTF-8 (0x00, 0xff): a client that reads the answer as text breaks them.
		const payload = Buffer.concat([Buffer.from('NAENROL1'), Buffer.from([0x00, 0xff]), digest]);
		const enrolment = {
			serverId,
			nonce,
			name: query.name,
			...(query.userid !== undefined && { userid: query.userid }),
			payload,
		};
		this.enrolments.set(`${serverId}|${nonce}`, enrolment);
		this.appScans(enrolment);
		if (query.img === undefined) {
			enrolment.served = payload;
			return { contentType: 'application/octet-stream', body: payload };
		}
		if (query.img !== 'png') throw new HttpAnswer(400, 'img must be "png"');
		if (!/^[1-9]\d*$/.test(query.s ?? '500')) throw new HttpAnswer(400, 's must be a positive integer');
		const size = Number(query.s ?? 500);
		const cacheKey = `enrol|${size}|${payload.toString('base64')}`;
		let png = this.pngCache.get(cacheKey);
		if (!png) {
			png = await QRCode.toBuffer([{ data: payload, mode: 'byte' }], { type: 'png', width: size, margin: 2 });
			this.pngCache.set(cacheKey, png);
		}
		enrolment.served = png;
		return { contentType: 'application/octet-stream', body: png };
	}

	/**
	 * POST sessions/registeruser?userid=…: the account logged in on the session gets the user
	 * name (the user is created when new). Registering the name it already has changes nothing.
	 * 403 when nobody is logged in on the session, like the transaction call.
	 */
	registerUser({ serverId, server, nonce, query, json }) {
		onlyQueryKeys(query, ['userid']);
		if (json !== undefined) throw new HttpAnswer(400, 'registeruser takes no body');
		if (!query.userid) throw new HttpAnswer(400, 'userid is required');
		const session = this.session(serverId, nonce);
		const account = session.loggedin
			? server.accounts.find((candidate) => candidate.id === session.accountid)
			: undefined;
		if (!account) throw new HttpAnswer(403, 'no account associated with this session');
		if (!server.users.some((user) => user.userid === query.userid)) server.users.push({ userid: query.userid });
		account.userid = query.userid;
		session.userid = query.userid;
		return { contentType: 'text/plain', body: Buffer.from('OK') };
	}

	// ---- end of Registration ----

	listUsers({ server, query }) {
		const search = (query.search ?? '').toLowerCase();
		const users = server.users
			.filter((user) => user.userid.toLowerCase().includes(search))
			// A user's role is no field of `User` (GET …/users/{userid}/role/ answers it): it stays out.
			.map(({ role, ...user }) => {
				const accounts = server.accounts.filter((account) => account.userid === user.userid);
				const lastlogin = Math.max(user.lastlogin ?? 0, ...accounts.map((account) => account.lastlogin ?? 0));
				return { ...user, ...(lastlogin > 0 && { lastlogin }), numberaccounts: accounts.length };
			});
		// `filter` selects by the user's fields and, as the contract says, by their attributes (group=ops).
		const attributes = attributeStore(server);
		const valueOf = (user, name) => user[name] ?? attributes.get(user.userid)?.[name];
		const selected = sorted(filtered(users, query.filter, valueOf), query.sort);
		return jsonAnswer({ users: this.page(selected, query), totalnumber: selected.length });
	}

	listAccounts({ server, query }) {
		// `filter` selects by the account's fields and by its user's attributes (group=admins).
		const attributes = attributeStore(server);
		const valueOf = (account, name) =>
			account[name] ?? (account.userid === undefined ? undefined : attributes.get(account.userid)?.[name]);
		const selected = this.sortedList(filtered(server.accounts, query.filter, valueOf), query.sort);
		return this.accountsAnswer(selected, query);
	}

	listUserAccounts({ server, params, query }) {
		userOf(server, params.userid);
		const selected = this.sortedList(
			server.accounts.filter((account) => account.userid === params.userid),
			query.sort,
		);
		return this.accountsAnswer(selected, query);
	}

	/** One page of an account list, with `totalnumber` unless listStyle leaves it out. */
	accountsAnswer(selected, query) {
		return jsonAnswer({
			accounts: this.page(selected, query),
			...(!this.listStyle.withoutTotal && { totalnumber: selected.length }),
		});
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
		server.attributes?.delete(user.userid);
		return emptyAnswer();
	}

	getAccount({ server, params }) {
		return jsonAnswer(accountOf(server, params.accountid));
	}

	updateAccount({ server, params, query }) {
		const account = accountOf(server, params.accountid);
		if (query.blocked !== 'true' && query.blocked !== 'false')
			throw new HttpAnswer(400, 'blocked must be true or false');
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

	// ---- User attributes and the server's visual hash (issue 20); routes and helpers below the class.

	/** The attributes of a user ({} when none were set); what GET …/attributes/ answers. */
	userAttributes(serverId, userid) {
		return { ...attributeStore(this.serverState(serverId)).get(userid) };
	}

	/** The PNG GET /servers/{serverid}/vash answers for this server, made once per server id. */
	visualHash(serverId) {
		this.vashCache ??= new Map();
		if (!this.vashCache.has(serverId)) this.vashCache.set(serverId, visualHashPng(serverId));
		return this.vashCache.get(serverId);
	}

	// The five calls read and write through the attribute helpers (attributesAnswer, replaceAttributes,
	// …) that the server, privileged and global attribute calls use too; only finding the user is theirs.

	/** `text/plain` whose text is a JSON object, as the real API answers. */
	getUserAttributes({ server, params, query, json }) {
		noQueryOrBody(query, json);
		const user = userOf(server, params.userid);
		return attributesAnswer(attributesOfUser(server, user.userid));
	}

	/** Replaces all attributes; creates the user when there is none of that name. */
	setUserAttributes({ server, params, query, json }) {
		const attributes = attributesBody(query, json);
		if (!server.users.some((user) => user.userid === params.userid)) server.users.push({ userid: params.userid });
		replaceAttributes(attributesOfUser(server, params.userid), attributes);
		return emptyAnswer();
	}

	/** Merges: keys sent are added or changed, the others stay. */
	updateUserAttributes({ server, params, query, json }) {
		const attributes = attributesBody(query, json);
		const user = userOf(server, params.userid);
		mergeAttributes(attributesOfUser(server, user.userid), attributes);
		return emptyAnswer();
	}

	deleteUserAttributes({ server, params, query, json }) {
		noQueryOrBody(query, json);
		const user = userOf(server, params.userid);
		clearAttributes(attributesOfUser(server, user.userid));
		return emptyAnswer();
	}

	/** An unknown key is no error (the contract names only an unknown user): it is gone either way. */
	deleteUserAttribute({ server, params, query, json }) {
		noQueryOrBody(query, json);
		const user = userOf(server, params.userid);
		removeAttribute(attributesOfUser(server, user.userid), params.attributekey);
		return emptyAnswer();
	}

	getServerVash({ serverId, query, json }) {
		noQueryOrBody(query, json);
		return { contentType: 'application/octet-stream', body: this.visualHash(serverId) };
	}

	// ---- end of: user attributes and the server's visual hash

	// ---- Administration: servers, permissions, API keys, roles, attributes at every level, HTML blocks ----
	// The handlers; routes and helpers in the block of the same name below the class.

	/** The home server of an API key for the calls whose path names none: the first server holding it. */
	homeServer(apikey) {
		const home = Object.values(this.fixture.servers).find((server) => Object.hasOwn(server.keys ?? {}, apikey));
		if (!home) throw new HttpAnswer(401, 'invalid api key');
		return home;
	}

	/** The attributes of a level: 'server' or 'privileged' (of `server`), or 'global' (the tenant's). */
	attributesOf(level, server) {
		if (level === 'global') return attributesIn(this.fixture, 'globalAttributes');
		return attributesIn(server, level === 'privileged' ? 'privilegedAttributes' : 'serverAttributes');
	}

	/** A copy of a level's attributes as they are now (see attributesOf), for tests to compare. */
	attributesAt(level, serverId = Object.keys(this.fixture.servers)[0]) {
		return { ...this.attributesOf(level, this.serverState(serverId)).read() };
	}

	// The attribute calls of the server, privileged and global levels (the route's `level` says
	// which): the same rules as the user's, without a user to find.

	getAttributes({ server, level, query, json }) {
		noQueryOrBody(query, json);
		return attributesAnswer(this.attributesOf(level, server));
	}

	setAttributes({ server, level, query, json }) {
		replaceAttributes(this.attributesOf(level, server), attributesBody(query, json));
		return emptyAnswer();
	}

	updateAttributes({ server, level, query, json }) {
		mergeAttributes(this.attributesOf(level, server), attributesBody(query, json));
		return emptyAnswer();
	}

	deleteAttributes({ server, level, query, json }) {
		noQueryOrBody(query, json);
		clearAttributes(this.attributesOf(level, server));
		return emptyAnswer();
	}

	deleteAttribute({ server, level, params, query, json }) {
		noQueryOrBody(query, json);
		removeAttribute(this.attributesOf(level, server), params.attributekey);
		return emptyAnswer();
	}

	/** GET /servers/?limit&marker: every server of the world, paged like the account list. */
	listServers({ query, queryKeys, json }) {
		strictQuery(query, queryKeys, ['limit', 'marker']);
		if (json !== undefined) throw new HttpAnswer(400, 'this call takes no body');
		if (query.limit !== undefined && !/^[1-9]\d*$/.test(query.limit)) {
			throw new HttpAnswer(400, 'limit must be a positive integer');
		}
		if (query.marker !== undefined && !/^\d+$/.test(query.marker)) {
			throw new HttpAnswer(400, 'marker must be an integer >= 0');
		}
		const servers = Object.entries(this.fixture.servers).map(([serverId, server]) => serverView(serverId, server));
		return jsonAnswer({
			servers: this.page(servers, query),
			...(!this.listStyle.withoutTotal && { totalnumber: servers.length }),
		});
	}

	/**
	 * POST /servers/: a new, empty server with a generated id (base64 of 16 random bytes: ends in
	 * `=`, often holds `+` or `/`) and public key, owned by the calling role; the caller's key works
	 * on it at once. Labelled application/octet-stream as the contract says, its text is the JSON.
	 */
	createServer({ caller, query, json }) {
		onlyQueryKeys(query, []);
		const sent = serverBody(json);
		const generated = GENERATED_SERVER_FIELDS.find((field) => Object.hasOwn(sent, field));
		if (generated !== undefined) throw new HttpAnswer(400, `${generated} is generated by the server: do not send it`);
		if (!Object.hasOwn(sent, 'serverName')) throw new HttpAnswer(400, 'serverName is required');
		const serverId = crypto.randomBytes(16).toString('base64');
		const server = {
			settings: {
				...settableFields(sent),
				serverpk: crypto.randomBytes(32).toString('base64'),
				// The tenant's websocket service, the same for all its servers.
				wsurl: caller.home.settings?.wsurl ?? 'wss://ws.example.test',
				owner: caller.role,
			},
			keys: { [caller.apikey]: { ...caller.key } },
			roles: {},
			users: [],
			accounts: [],
			attributes: new Map(),
			serverAttributes: {},
			privilegedAttributes: {},
			sessions: {},
			lastAccountId: 0,
		};
		this.fixture.servers[serverId] = server;
		return {
			contentType: 'application/octet-stream',
			body: Buffer.from(JSON.stringify(serverView(serverId, server))),
		};
	}

	getServer({ serverId, server, query, json }) {
		noQueryOrBody(query, json);
		return jsonAnswer(serverView(serverId, server));
	}

	/**
	 * PUT /servers/{serverid}/: the whole Server, as read with the changes made. A partial object
	 * would blank what it leaves out on a real server, so here it is a 400, as are generated fields
	 * sent with other values than they have.
	 */
	updateServer({ serverId, server, query, json }) {
		onlyQueryKeys(query, []);
		const sent = serverBody(json);
		const current = serverView(serverId, server);
		const missing = Object.keys(current).find((field) => !Object.hasOwn(sent, field));
		if (missing !== undefined) throw new HttpAnswer(400, `the server must be sent whole: missing ${missing}`);
		const changed = GENERATED_SERVER_FIELDS.find(
			(field) => Object.hasOwn(sent, field) && sent[field] !== current[field],
		);
		if (changed !== undefined) throw new HttpAnswer(400, `${changed} cannot change`);
		server.settings = { ...server.settings, ...settableFields(sent) };
		return jsonAnswer(serverView(serverId, server));
	}

	listPermissions({ serverId, server, query, json }) {
		noQueryOrBody(query, json);
		return jsonAnswer({ permissions: Object.keys(server.roles).map((role) => permissionOf(serverId, server, role)) });
	}

	getPermissions({ serverId, server, params, query, json }) {
		noQueryOrBody(query, json);
		roleOf(server, params.roleid);
		return jsonAnswer({ permissions: [permissionOf(serverId, server, params.roleid)] });
	}

	/** Replaces the role's permissions on the server; a role without an entry gets one. */
	grantPermissions({ server, params, query, json }) {
		const permissions = permissionNames(query, json);
		const role = Object.hasOwn(server.roles, params.roleid) ? server.roles[params.roleid] : {};
		// Defined, not assigned: a role id `__proto__` is just a role id.
		Object.defineProperty(server.roles, params.roleid, {
			value: { ...role, permissions },
			enumerable: true,
			writable: true,
			configurable: true,
		});
		return emptyAnswer();
	}

	revokePermissions({ server, params, query, json }) {
		noQueryOrBody(query, json);
		roleOf(server, params.roleid);
		delete server.roles[params.roleid];
		return emptyAnswer();
	}

	/** GET /apikeys/: each key of the world (once, though several servers hold it) the calling role created. */
	listApiKeys({ caller, query, json }) {
		noQueryOrBody(query, json);
		const apikeys = new Map();
		if (caller.role !== undefined) {
			for (const server of Object.values(this.fixture.servers)) {
				for (const [apikey, key] of Object.entries(server.keys)) {
					if (key.createdBy !== caller.role || apikeys.has(apikey)) continue;
					apikeys.set(apikey, { apikey, description: key.description ?? '', role: key.role });
				}
			}
		}
		return jsonAnswer({ apikeys: [...apikeys.values()] });
	}

	/**
	 * POST /apikeys/?description=…: a new key of a new role, without permissions, on the caller's
	 * home server. The key holds `+`, `/` and `=` on purpose: it is a secret a client must encode
	 * and redact wherever it shows.
	 */
	createApiKey({ caller, query, queryKeys, json }) {
		strictQuery(query, queryKeys, ['description']);
		if (json !== undefined) throw new HttpAnswer(400, 'this call takes no body');
		if (query.description === undefined) throw new HttpAnswer(400, 'description is required');
		if (query.description === '') throw new HttpAnswer(400, 'description must not be empty');
		const apikey = `sim-${crypto.randomBytes(21).toString('base64')}+/=`;
		const role = crypto.randomBytes(16).toString('base64');
		caller.home.keys[apikey] = { permissions: [], role, description: query.description, createdBy: caller.role };
		return jsonAnswer({ apikey, description: query.description, role });
	}

	getUserRole({ server, params, query, json }) {
		noQueryOrBody(query, json);
		const user = userOf(server, params.userid);
		if (!user.role) throw new HttpAnswer(404, 'user has no role');
		return jsonAnswer({ role: user.role });
	}

	/** The user's role, made (random base64) when the user has none yet. */
	getOrCreateUserRole({ server, params, query, json }) {
		noQueryOrBody(query, json);
		const user = userOf(server, params.userid);
		user.role ||= crypto.randomBytes(16).toString('base64');
		return jsonAnswer({ role: user.role });
	}

	/** GET sessions/html/login: the session's login block; the optional GET body (a UserContext) shows in it. */
	htmlLogin({ serverId, nonce, query, json }) {
		onlyQueryKeys(query, []);
		const context = userContextBody(json);
		const { hsid } = this.session(serverId, nonce);
		const contextAttribute = context === undefined ? '' : ` data-context="${escapeHtml(JSON.stringify(context))}"`;
		return htmlAnswer(
			`<div class="nextauth-login" data-hsid="${escapeHtml(hsid)}"${contextAttribute}>` +
				'<p>Log in with the nextAuth app</p></div>',
		);
	}

	/** GET sessions/html/enrol?name&userid: the session's enrol block, showing the name and user given. */
	htmlEnrol({ serverId, nonce, query, queryKeys, json }) {
		strictQuery(query, queryKeys, ['name', 'userid']);
		if (json !== undefined) throw new HttpAnswer(400, 'html/enrol takes no body');
		for (const field of ['name', 'userid']) {
			if (query[field] === '') throw new HttpAnswer(400, `${field} must not be empty`);
		}
		const { hsid } = this.session(serverId, nonce);
		const shown = ['name', 'userid']
			.filter((field) => query[field] !== undefined)
			.map((field) => ` <span class="${field}">${escapeHtml(query[field])}</span>`)
			.join('');
		return htmlAnswer(
			`<div class="nextauth-enrol" data-hsid="${escapeHtml(hsid)}"><p>Enrol a device${shown}</p></div>`,
		);
	}

	/** GET sessions/html/footer: the session's footer, listing the other sessions a GET body asks to watch. */
	htmlFooter({ serverId, nonce, query, json }) {
		onlyQueryKeys(query, []);
		const watched = footerBody(json);
		const { hsid } = this.session(serverId, nonce);
		const items = watched
			.map(
				({ serverid, sessionid }) =>
					`<li data-serverid="${escapeHtml(serverid)}" data-sessionid="${escapeHtml(sessionid)}">` +
					`${escapeHtml(serverid)} ${escapeHtml(sessionid)}</li>`,
			)
			.join('');
		return htmlAnswer(
			`<div class="nextauth-footer" data-hsid="${escapeHtml(hsid)}">${items && `<ul>${items}</ul>`}</div>`,
		);
	}

	// ---- end of Administration
}

/** A 400 for any query key but `allowed`, like a strict server (Registration calls). */
/** The id of a new account: one more than any the server ever gave, like a database sequence (a deleted account's id is not given again). */
function nextAccountId(server) {
	server.lastAccountId = Math.max(server.lastAccountId ?? 0, ...server.accounts.map((candidate) => candidate.id)) + 1;
	return server.lastAccountId;
}

/** Notes the highest account id of each server of a new world, so that ids deleted later are not given again. */
function recordAccountIds(fixture) {
	for (const server of Object.values(fixture.servers)) {
		server.lastAccountId = Math.max(0, ...server.accounts.map((account) => account.id));
	}
}

function onlyQueryKeys(query, allowed) {
	const unknown = Object.keys(query).filter((key) => !allowed.includes(key));
	if (unknown.length > 0) throw new HttpAnswer(400, `unknown query parameter: ${unknown.join(', ')}`);
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

/**
 * `attr=value` or `attr=in:a,b`, compared as text; anything else is a 400, like a strict server.
 * `valueOf` reads an entry's value of `attr` (default: its field).
 */
function filtered(list, filter, valueOf = (entry, name) => entry[name]) {
	if (filter === undefined || filter === '') return list;
	const match = /^([A-Za-z_][A-Za-z0-9_]*)=(in:)?(.*)$/s.exec(filter);
	if (!match) throw new HttpAnswer(400, `invalid filter: ${filter}`);
	const [, attribute, isIn, value] = match;
	const allowed = isIn ? value.split(',') : [value];
	return list.filter((entry) => {
		const value = valueOf(entry, attribute);
		return value !== undefined && allowed.includes(String(value));
	});
}

/**
 * `column`, `column:desc`, `c1:desc,c2:asc`; a stable sort. Missing values sort as the smallest
 * (first ascending, last descending), or with `missingFirst` first in both directions.
 */
function sorted(list, sort, missingFirst = false) {
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
			if (x === null) return missingFirst ? -1 : -sign;
			if (y === null) return missingFirst ? 1 : sign;
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

// ---- User attributes and the server's visual hash (issue 20) ------------------------------------
// Kept apart: the routes and helpers here, the handlers in a marked block at the end of the class.
// Attributes live in `server.attributes`, a Map of user id → { key: value } (a Map, so that a user
// "__proto__" is just a user). Strict like a real server can be: these calls take no query
// parameter, GET and DELETE no body, POST and PUT exactly a JSON object of string values.

ROUTES.push(
	{
		method: 'GET',
		pattern: ['users', ':userid', 'attributes', ''],
		permissions: ['sessions', 'users'],
		handler: 'getUserAttributes',
	},
	{
		method: 'POST',
		pattern: ['users', ':userid', 'attributes', ''],
		permissions: ['users'],
		handler: 'setUserAttributes',
	},
	{
		method: 'PUT',
		pattern: ['users', ':userid', 'attributes', ''],
		permissions: ['users'],
		handler: 'updateUserAttributes',
	},
	{
		method: 'DELETE',
		pattern: ['users', ':userid', 'attributes', ''],
		permissions: ['users'],
		handler: 'deleteUserAttributes',
	},
	{
		method: 'DELETE',
		pattern: ['users', ':userid', 'attributes', ':attributekey'],
		permissions: ['users'],
		handler: 'deleteUserAttribute',
	},
	{ method: 'GET', pattern: ['vash'], permissions: ['sessions', 'servers'], handler: 'getServerVash' },
);

/** 400 for any query parameter, and for a body on a call that takes none. */
function noQueryOrBody(query, json) {
	const [unknown] = Object.keys(query);
	if (unknown !== undefined) throw new HttpAnswer(400, `unknown query parameter: ${unknown}`);
	if (json !== undefined) throw new HttpAnswer(400, 'this call takes no body');
}

/** The body of a write: a JSON object whose values are all strings, or a 400. */
function attributesBody(query, json) {
	const [unknown] = Object.keys(query);
	if (unknown !== undefined) throw new HttpAnswer(400, `unknown query parameter: ${unknown}`);
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		throw new HttpAnswer(400, 'the body must be a JSON object of attributes');
	}
	for (const [key, value] of Object.entries(json)) {
		if (key === '') throw new HttpAnswer(400, 'an attribute key is empty');
		if (typeof value !== 'string') throw new HttpAnswer(400, `attribute ${key} must be a string`);
	}
	return json;
}

function attributeStore(server) {
	server.attributes ??= new Map();
	return server.attributes;
}

// The attribute helpers, over one set of attributes wherever it lives (a user's, the server's, the
// privileged ones, the tenant's): `{ read, write }`, where read() gives the current object or
// undefined and write() stores a new one. Every object is made by spreading (own data properties),
// never by assigning a key, so a key `__proto__` is just a key.

/** One user's attributes: an entry of the server's Map (cleared: none left, the user stays). */
function attributesOfUser(server, userid) {
	const store = attributeStore(server);
	return {
		read: () => store.get(userid),
		write: (attributes) => (Object.keys(attributes).length > 0 ? store.set(userid, attributes) : store.delete(userid)),
	};
}

/** Attributes kept as one object in `owner[field]` (the server's, privileged, global). */
function attributesIn(owner, field) {
	return {
		read: () => owner[field],
		write: (attributes) => {
			owner[field] = attributes;
		},
	};
}

/** GET: `text/plain` whose text is the JSON object (`{}` when none). */
function attributesAnswer(attributes) {
	return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(JSON.stringify(attributes.read() ?? {})) };
}

/** POST: the keys sent, and only they. */
function replaceAttributes(attributes, sent) {
	attributes.write({ ...sent });
}

/** PUT: keys sent are added or changed, the others stay. */
function mergeAttributes(attributes, sent) {
	attributes.write({ ...attributes.read(), ...sent });
}

/** DELETE all. */
function clearAttributes(attributes) {
	attributes.write({});
}

/** DELETE one key; an unknown key is no error: it is gone either way. */
function removeAttribute(attributes, key) {
	const current = attributes.read();
	if (!current || !Object.hasOwn(current, key)) return;
	const rest = { ...current };
	delete rest[key];
	attributes.write(rest);
}

/** A visual hash is 5 × 5 cells of 12 px with a margin of 2 px: 64 × 64 pixels. */
const VASH_CELLS = 5;
const VASH_CELL_PX = 12;
const VASH_MARGIN_PX = 2;

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A server's visual hash as a real PNG: a left-right symmetric 5 × 5 pattern in one colour, both
 * taken from SHA-256 of the server id (what an identicon does). The same id always gives the
 * same bytes.
 */
function visualHashPng(serverId) {
	const hash = crypto.createHash('sha256').update(serverId).digest();
	const colour = [hash[0], hash[1], hash[2]];
	const on = (row, column) => (hash[3 + row * 3 + Math.min(column, VASH_CELLS - 1 - column)] & 1) === 1;
	const side = VASH_CELLS * VASH_CELL_PX + 2 * VASH_MARGIN_PX;
	const rows = [];
	for (let y = 0; y < side; y++) {
		const row = Buffer.alloc(1 + side * 3, 0xff); // white RGB pixels after the row's filter byte
		row[0] = 0; // filter: none
		const cellY = Math.floor((y - VASH_MARGIN_PX) / VASH_CELL_PX);
		for (let x = 0; x < side; x++) {
			const cellX = Math.floor((x - VASH_MARGIN_PX) / VASH_CELL_PX);
			const inside = cellX >= 0 && cellX < VASH_CELLS && cellY >= 0 && cellY < VASH_CELLS;
			if (inside && on(cellY, cellX)) row.set(colour, 1 + x * 3);
		}
		rows.push(row);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(side, 0);
	header.writeUInt32BE(side, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8 bits per sample, RGB, deflate, adaptive filtering, no interlace
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

// ---- end of: user attributes and the server's visual hash ----------------------------------------

// ---- Administration: servers, permissions, API keys, roles, attributes at every level, HTML blocks ----
// The routes and helpers; the handlers in the class's block of the same name. Strict like a real
// server: unknown or repeated query keys, a body where none belongs and a body of the wrong shape
// are 400s. The permission model: a key's record holds its `permissions` on that server and its
// `global` ones; a route asks for any of its names, a server one (`servers`) or a global one
// (`global:servers`); under X-su the role's `permissions` and `global` count instead.

/** Every permission name the API knows (root and setrid are global ones). */
const PERMISSION_NAMES = ['sessions', 'accounts', 'users', 'servers', 'createserver', 'root', 'setrid'];

/**
 * Who calls, from the key's record on `home` (the server the path names, or the key's home server):
 * the key, its home, and the role, permissions and global permissions that count (the X-su role's
 * when one is set). 401 for an unknown key; X-su as the contract says.
 */
function callerOf(home, headers) {
	const apikey = headers['x-apikey'] ?? '';
	const key = Object.hasOwn(home.keys, apikey) ? home.keys[apikey] : undefined;
	if (!key) throw new HttpAnswer(401, 'invalid api key');
	const caller = { apikey, key, home, role: key.role, permissions: key.permissions ?? [], global: key.global ?? [] };
	if (!('x-su' in headers)) return caller;
	const roleId = headers['x-su'];
	if (!roleId) throw new HttpAnswer(400, 'empty X-su header');
	if (!mayImpersonate(key)) throw new HttpAnswer(403, 'this key may not impersonate roles');
	const role = Object.hasOwn(home.roles, roleId) ? home.roles[roleId] : undefined;
	if (!role) throw new HttpAnswer(403, 'unknown role');
	return { ...caller, role: roleId, permissions: role.permissions ?? [], global: role.global ?? [] };
}

/** X-su needs global root or setrid (`root: true` / `setrid: true` on a key are the older flags for it). */
function mayImpersonate(key) {
	return Boolean(key.root || key.setrid || key.global?.includes('root') || key.global?.includes('setrid'));
}

/** Whether the caller holds a route's permission: `name` on the server, or `global:name`. */
function grants(caller, permission) {
	return permission.startsWith('global:')
		? caller.global.includes(permission.slice('global:'.length))
		: caller.permissions.includes(permission);
}

/** How a 403 names a permission: `servers`, or `global servers`. */
function permissionLabel(permission) {
	return permission.replace(/^global:/, 'global ');
}

/** The five attribute routes below `prefix` (see the attribute helpers) at a level the handlers read. */
function attributeRoutes(prefix, level, permissions) {
	const all = [...prefix, ''];
	return [
		{ method: 'GET', pattern: all, permissions, handler: 'getAttributes', level },
		{ method: 'POST', pattern: all, permissions, handler: 'setAttributes', level },
		{ method: 'PUT', pattern: all, permissions, handler: 'updateAttributes', level },
		{ method: 'DELETE', pattern: all, permissions, handler: 'deleteAttributes', level },
		{ method: 'DELETE', pattern: [...prefix, ':attributekey'], permissions, handler: 'deleteAttribute', level },
	];
}

ROUTES.push(
	{ method: 'GET', pattern: [''], permissions: ['servers', 'createserver'], handler: 'getServer' },
	{ method: 'PUT', pattern: [''], permissions: ['createserver'], handler: 'updateServer' },
	...attributeRoutes(['attributes'], 'server', ['servers']),
	...attributeRoutes(['privilegedattributes'], 'privileged', ['global:servers']),
	{ method: 'GET', pattern: ['permissions', ''], permissions: ['servers'], handler: 'listPermissions' },
	{ method: 'GET', pattern: ['permissions', ':roleid'], permissions: ['servers'], handler: 'getPermissions' },
	{ method: 'POST', pattern: ['permissions', ':roleid'], permissions: ['global:root'], handler: 'grantPermissions' },
	{ method: 'DELETE', pattern: ['permissions', ':roleid'], permissions: ['global:root'], handler: 'revokePermissions' },
	{ method: 'GET', pattern: ['users', ':userid', 'role', ''], permissions: ['users'], handler: 'getUserRole' },
	{ method: 'POST', pattern: ['users', ':userid', 'role', ''], permissions: ['users'], handler: 'getOrCreateUserRole' },
	{
		method: 'GET',
		pattern: ['sessions', 'html', 'login'],
		permissions: ['sessions'],
		handler: 'htmlLogin',
		nonce: true,
	},
	{
		method: 'GET',
		pattern: ['sessions', 'html', 'enrol'],
		permissions: ['sessions'],
		handler: 'htmlEnrol',
		nonce: true,
	},
	{
		method: 'GET',
		pattern: ['sessions', 'html', 'footer'],
		permissions: ['sessions'],
		handler: 'htmlFooter',
		nonce: true,
	},
);

/**
 * The calls whose path names no server, matched against the whole path (`['servers', '']` is the
 * server list, not a server): the key is looked up in every server, see NextAuthSimulator.homeServer.
 */
const GLOBAL_ROUTES = [
	{ method: 'GET', pattern: ['servers', ''], permissions: ['servers', 'global:servers'], handler: 'listServers' },
	{ method: 'POST', pattern: ['servers', ''], permissions: ['global:createserver'], handler: 'createServer' },
	{ method: 'GET', pattern: ['apikeys', ''], permissions: ['global:servers'], handler: 'listApiKeys' },
	{ method: 'POST', pattern: ['apikeys', ''], permissions: ['global:servers'], handler: 'createApiKey' },
	...attributeRoutes(['attributes'], 'global', ['global:servers']),
];

/** A 400 for a query key not in `allowed`, or one sent twice (`queryKeys`: every key as sent). */
function strictQuery(query, queryKeys, allowed) {
	onlyQueryKeys(query, allowed);
	const repeated = queryKeys.find((key, index) => queryKeys.indexOf(key) !== index);
	if (repeated !== undefined) throw new HttpAnswer(400, `repeated query parameter: ${repeated}`);
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The fields of a Server, in the order GET answers them. */
const SERVER_FIELDS = [
	'serverid',
	'serverpk',
	'serverName',
	'logo',
	'pinTimeout',
	'pinTransTimeout',
	'pingTime',
	'serverFlags',
	'appname',
	'appurl',
	'appios',
	'appandroid',
	'siteurl',
	'wsurl',
	'owner',
	'accountCount',
	'lastLogin',
];

/** What the server sets itself: a create may not send them, an update must send them unchanged. */
const GENERATED_SERVER_FIELDS = ['serverid', 'serverpk', 'wsurl', 'owner', 'accountCount', 'lastLogin'];

const isInteger = (minimum) => (value) => Number.isInteger(value) && value >= minimum;
const isText = (value) => typeof value === 'string';

/** The fields a client sets (create and update): what each must be, and its check. */
const SETTABLE_SERVER_FIELDS = {
	serverName: { kind: 'a non-empty string', valid: (value) => isText(value) && value !== '' },
	logo: {
		kind: 'a base64 string',
		valid: (value) => isText(value) && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value),
	},
	pinTimeout: { kind: 'an integer >= -1 (minutes; -1 never, 0 every time)', valid: isInteger(-1) },
	pinTransTimeout: { kind: 'an integer >= -1 (minutes; -1 never, 0 every time)', valid: isInteger(-1) },
	pingTime: { kind: 'an integer >= 0 (seconds)', valid: isInteger(0) },
	serverFlags: { kind: 'an array of strings', valid: (value) => Array.isArray(value) && value.every(isText) },
	appname: { kind: 'a string', valid: isText },
	appurl: { kind: 'a string', valid: isText },
	appios: { kind: 'a string', valid: isText },
	appandroid: { kind: 'a string', valid: isText },
	siteurl: { kind: 'a string', valid: isText },
};

/** A server as GET answers it: its settings, its id, and `accountCount` counted now. */
function serverView(serverId, server) {
	const values = { ...server.settings, serverid: serverId, accountCount: server.accounts.length };
	return Object.fromEntries(
		SERVER_FIELDS.filter((field) => values[field] !== undefined).map((field) => [field, values[field]]),
	);
}

/** A Server body (create or update): a JSON object of known fields, the settable ones each of its type. */
function serverBody(json) {
	if (!isPlainObject(json)) throw new HttpAnswer(400, 'the body must be a JSON Server object');
	for (const [field, value] of Object.entries(json)) {
		// Generated like serverid, but no field the server answers: never to be sent.
		if (field === 'validtime') throw new HttpAnswer(400, 'validtime is generated by the server: do not send it');
		if (GENERATED_SERVER_FIELDS.includes(field)) continue; // create and update each have their rule
		if (!Object.hasOwn(SETTABLE_SERVER_FIELDS, field)) throw new HttpAnswer(400, `unknown field: ${field}`);
		const { kind, valid } = SETTABLE_SERVER_FIELDS[field];
		if (!valid(value)) throw new HttpAnswer(400, `${field} must be ${kind}`);
	}
	return json;
}

/** The settable fields of a (checked) Server body. */
function settableFields(sent) {
	return Object.fromEntries(Object.entries(sent).filter(([field]) => Object.hasOwn(SETTABLE_SERVER_FIELDS, field)));
}

function roleOf(server, roleId) {
	if (!Object.hasOwn(server.roles, roleId)) throw new HttpAnswer(404, 'role not found');
	return server.roles[roleId];
}

/** A role's `Permission` on a server: its names joined by commas (`''` when it has none). */
function permissionOf(serverId, server, roleId) {
	return { role: roleId, server: serverId, acl: (roleOf(server, roleId).permissions ?? []).join(',') };
}

/** The body of grantPermissions: a JSON array of known permission names, each once. */
function permissionNames(query, json) {
	onlyQueryKeys(query, []);
	if (!Array.isArray(json)) throw new HttpAnswer(400, 'the body must be a JSON array of permission names');
	json.forEach((name, index) => {
		if (typeof name !== 'string') throw new HttpAnswer(400, 'permission names must be strings');
		if (!PERMISSION_NAMES.includes(name)) throw new HttpAnswer(400, `unknown permission: ${name}`);
		if (json.indexOf(name) !== index) throw new HttpAnswer(400, `repeated permission: ${name}`);
	});
	return [...json];
}

function escapeHtml(text) {
	return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function htmlAnswer(html) {
	return { contentType: 'text/html; charset=utf-8', body: Buffer.from(html) };
}

/** The optional GET body of html/login: a UserContext, only `announceinfo` and `sessioninfo`, objects. */
function userContextBody(json) {
	if (json === undefined) return undefined;
	if (!isPlainObject(json)) throw new HttpAnswer(400, 'the body must be a UserContext object');
	for (const [field, value] of Object.entries(json)) {
		if (field !== 'announceinfo' && field !== 'sessioninfo') {
			throw new HttpAnswer(400, `unknown UserContext field: ${field}`);
		}
		if (!isPlainObject(value)) throw new HttpAnswer(400, `${field} must be an object`);
	}
	return json;
}

/**
 * The optional GET body of html/footer, `{ "sessions": [{ "serverid", "sessionid" }] }`: the
 * sessions watched besides the page's own (none without a body). An empty list is a 400: a client
 * that has none to add sends no body.
 */
function footerBody(json) {
	if (json === undefined) return [];
	if (!isPlainObject(json)) throw new HttpAnswer(400, 'the body must be an object { sessions: [...] }');
	const unknown = Object.keys(json).find((field) => field !== 'sessions');
	if (unknown !== undefined) throw new HttpAnswer(400, `unknown field: ${unknown}`);
	if (!Array.isArray(json.sessions)) throw new HttpAnswer(400, 'sessions must be an array of { serverid, sessionid }');
	if (json.sessions.length === 0) throw new HttpAnswer(400, 'sessions must not be empty');
	for (const session of json.sessions) {
		if (!isPlainObject(session)) throw new HttpAnswer(400, 'each session must be an object { serverid, sessionid }');
		const unknownField = Object.keys(session).find((field) => field !== 'serverid' && field !== 'sessionid');
		if (unknownField !== undefined) throw new HttpAnswer(400, `unknown session field: ${unknownField}`);
		for (const field of ['serverid', 'sessionid']) {
			if (!isText(session[field]) || session[field] === '') {
				throw new HttpAnswer(400, `each session needs a non-empty ${field}`);
			}
		}
	}
	return json.sessions;
}

// ---- end of Administration ----------------------------------------------------------------------

module.exports = { NextAuthSimulator };
