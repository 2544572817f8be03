/**
 * The packed package in n8n's queue mode: main + two workers taking executions from Redis,
 * PostgreSQL as the database, binary data in `database` mode (test/queue/cluster.js starts it all
 * on loopback and stops it by process group). Executions come in through production webhooks, as
 * in production; what they did is read from n8n's REST API, the workers' logs and the simulator.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { packPackage } from '../e2e/n8nInstance';
import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { QueueCluster } from './cluster';

const CREDENTIAL_NAME = 'NextAuth (simulator)';
const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
/** N8N_GRACEFUL_SHUTDOWN_TIMEOUT of every process: how long a stopped worker waits for its executions. */
const GRACE_S = 5;
/**
 * How fast n8n notices an execution whose worker went away, shortened for the suite: a job's lock
 * lasts QUEUE_WORKER_LOCK_DURATION and stalled jobs are looked for every
 * QUEUE_WORKER_STALLED_INTERVAL (n8n: 30 s each); main marks executions that no job holds any more
 * as crashed every N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes (n8n: 180).
 */
const FAST_RECOVERY = {
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(GRACE_S),
	QUEUE_WORKER_LOCK_DURATION: '5000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
	N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.2',
};

interface Execution {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
	data?: string;
}

type Node = Record<string, unknown>;

describe('n8n-nodes-nextauth in n8n queue mode (main + 2 workers, Redis, PostgreSQL 15)', () => {
	const simulator = new NextAuthSimulator();
	let cluster: QueueCluster;
	let credentialId = '';
	const workflows: Record<string, string> = {};

	const rest = async (route: string, body?: unknown, method?: string) => await cluster.rest(route, body, method);
	const nextAuth = (name: string, parameters: Record<string, unknown>, x = 300): Node => ({
		id: name.replace(/\W+/g, '-').toLowerCase(),
		name,
		type: 'n8n-nodes-nextauth.nextAuthSessions',
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { nextAuthApi: { id: credentialId, name: CREDENTIAL_NAME } },
	});
	const webhook = (pathName: string, parameters: Record<string, unknown> = {}): Node => ({
		id: `webhook-${pathName}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `nextauth-queue-${pathName}`,
		parameters: { path: pathName, options: {}, ...parameters },
	});
	const deploy = async (
		key: string,
		chain: Node[],
		branches?: { nodes: Node[]; connections: Record<string, unknown> },
	) => {
		workflows[key] = await cluster.deploy(`queue ${key}`, chain, branches);
	};
	const executionsOf = async (key: string): Promise<Execution[]> => await cluster.executionsOf(workflows[key]);
	const runDataOf = async (id: string) => await cluster.resultDataOf(id);
	const waitFor = async <T>(check: () => Promise<T | undefined>, seconds: number, what: string): Promise<T> => {
		const deadline = Date.now() + seconds * 1000;
		while (Date.now() < deadline) {
			const value = await check();
			if (value !== undefined) return value;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`${what}: not within ${seconds} s`);
	};
	const finished = async (key: string, count: number) =>
		await waitFor(
			async () => {
				const executions = await executionsOf(key);
				const done = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
				// The finished ones only: a list with one still running first made the QR test read "running" (CI, under load).
				return done.length >= count ? done : undefined;
			},
			120,
			`${count} finished executions of ${key}`,
		);
	const callWebhook = async (pathName: string, query: Record<string, string>) =>
		await fetch(`${cluster.url}/webhook/${pathName}?${new URLSearchParams(query).toString()}`, {
			signal: AbortSignal.timeout(60_000),
		});
	const startedExecutions = (log: string) =>
		[...log.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);

	beforeAll(async () => {
		const baseUrl = await simulator.start();
		cluster = await QueueCluster.start({
			tarball: packPackage(),
			workers: 2,
			workerConcurrency: 2,
			env: FAST_RECOVERY,
		});
		await cluster.logIn();
		credentialId = (
			await rest('credentials', {
				name: CREDENTIAL_NAME,
				type: 'nextAuthApi',
				data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl },
			})
		).id;

		await deploy('session', [
			webhook('nextauth-session', { responseMode: 'lastNode', responseData: 'firstEntryJson' }),
			nextAuth('Get Session', { operation: 'getSession', nonce: '={{ $json.query.nonce }}' }),
		]);
		await deploy('bulk', [
			webhook('nextauth-bulk', { responseMode: 'lastNode', responseData: 'allEntries' }),
			{
				id: 'rows',
				name: 'Rows',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [150, 0],
				parameters: {
					mode: 'raw',
					jsonOutput:
						'={{ JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ nonce: "bulk-" + i })) }) }}',
					options: {},
				},
			},
			{
				id: 'split',
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [250, 0],
				parameters: { fieldToSplitOut: 'rows', options: {} },
			},
			nextAuth('Get Session', { operation: 'getSession', nonce: '={{ $json.nonce }}' }, 400),
		]);
		const qr = nextAuth('Get Login QR Code', {
			operation: 'getQrLogin',
			nonce: '={{ $json.query.nonce }}',
			qrSize: 200,
		});
		await deploy(
			'qr',
			[
				webhook('nextauth-qr', { responseMode: 'responseNode' }),
				qr,
				{
					id: 'respond',
					name: 'Send PNG',
					type: 'n8n-nodes-base.respondToWebhook',
					typeVersion: 1.1,
					position: [500, 0],
					parameters: { respondWith: 'binary', options: {} },
				},
			],
			{
				// a downstream node on the worker that reads the bytes back from binary data
				nodes: [
					{
						id: 'read',
						name: 'Read PNG',
						type: 'n8n-nodes-base.extractFromFile',
						typeVersion: 1,
						position: [500, 200],
						parameters: { operation: 'binaryToPropery', options: {} },
					},
				],
				connections: {
					'Get Login QR Code': {
						main: [
							[
								{ node: 'Send PNG', type: 'main', index: 0 },
								{ node: 'Read PNG', type: 'main', index: 0 },
							],
						],
					},
				},
			},
		);
		await deploy('push', [
			webhook('nextauth-push', { responseMode: 'onReceived' }),
			nextAuth('Push Login to User', {
				operation: 'provokeLoginOnUser',
				nonce: '={{ $json.query.nonce }}',
				userId: { __rl: true, mode: 'id', value: 'alice' },
				waitForLogin: true,
				waitTimeout: '={{ Number($json.query.timeout) }}',
				pollInterval: 0.2,
			}),
		]);
	}, 600_000);

	afterAll(async () => {
		await cluster?.stop();
		await simulator.stop();
	});

	it('runs executions from production webhooks, several at once, on both workers; all end in success', async () => {
		simulator.latencyMs = 300; // executions overlap, so both workers must take some
		const answers = await Promise.all(
			Array.from({ length: 12 }, async (_, n) => {
				const response = await callWebhook('nextauth-session', { nonce: `webhook-${n}` });
				return { status: response.status, json: (await response.json()) as Record<string, unknown> };
			}),
		);
		simulator.latencyMs = 0;
		answers.forEach((answer, n) => {
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual(simulator.session(SERVER_ID, `webhook-${n}`));
		});
		const executions = await finished('session', 12);
		expect(executions.map((execution) => execution.status)).toEqual(Array(12).fill('success'));
		const [first, second] = cluster.workers.map((worker) => startedExecutions(worker.log()));
		expect(first.length).toBeGreaterThan(0);
		expect(second.length).toBeGreaterThan(0);
		expect(new Set([...first, ...second])).toEqual(new Set(executions.map((execution) => execution.id)));
	});

	it('gives 200 Get Session items complete, in order, each paired with its input', async () => {
		const response = await callWebhook('nextauth-bulk', {});
		const items = (await response.json()) as Array<Record<string, unknown>>;
		expect(items).toEqual(Array.from({ length: 200 }, (_, i) => simulator.session(SERVER_ID, `bulk-${i}`)));
		const [execution] = await finished('bulk', 1);
		const { runData } = await runDataOf(execution.id);
		const output = runData['Get Session'][0].data.main[0];
		expect(output.map((item: { pairedItem: unknown }) => item.pairedItem)).toEqual(
			Array.from({ length: 200 }, (_, item) => ({ item })),
		);
	});

	it('stores the QR PNG as database binary data: the worker reads the exact bytes, and main answers the webhook with them', async () => {
		const response = await callWebhook('nextauth-qr', { nonce: 'qr-queue' });
		expect(response.status).toBe(200);
		const served = Buffer.from(await response.arrayBuffer());
		const png = simulator.pngCache.get(`200|${simulator.session(SERVER_ID, 'qr-queue').loginqrdata}`) as Buffer;
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		expect(served.equals(png)).toBe(true);
		const [execution] = await finished('qr', 1);
		expect(execution.status).toBe('success');
		const { runData } = await runDataOf(execution.id);
		const binary = runData['Get Login QR Code'][0].data.main[0][0].binary.data;
		expect(String(binary.id)).toMatch(/^database:/);
		const read = runData['Read PNG'][0].data.main[0][0].json.data as string;
		expect(Buffer.from(read, 'base64').equals(png)).toBe(true);
	});

	it('waits for the login on a worker: confirmed, timed out, and stopped from main with no further polls', async () => {
		const polls = (nonce: string) =>
			simulator.requests.filter((request) => request.method === 'GET' && request.headers['x-nonce'] === nonce).length;
		const resultOf = async (execution: Execution) =>
			(await runDataOf(execution.id)).runData['Push Login to User'][0].data.main[0][0].json;

		simulator.confirmLoginAfterPolls(SERVER_ID, 'push-ok', 3, 'alice', 1);
		await callWebhook('nextauth-push', { nonce: 'push-ok', timeout: '30' });
		const [confirmed] = await finished('push', 1);
		expect(confirmed.status).toBe('success');
		expect(await resultOf(confirmed)).toMatchObject({
			success: true,
			confirmed: true,
			loggedin: true,
			userid: 'alice',
		});

		await callWebhook('nextauth-push', { nonce: 'push-late', timeout: '2' });
		const late = (await finished('push', 2)).find((execution) => execution.id !== confirmed.id)!;
		expect(late.status).toBe('success');
		expect(await resultOf(late)).toMatchObject({ success: true, confirmed: false, loggedin: false });

		await callWebhook('nextauth-push', { nonce: 'push-stop', timeout: '60' });
		await waitFor(async () => (polls('push-stop') >= 2 ? true : undefined), 60, 'polls of push-stop');
		const running = (await executionsOf('push')).find((execution) => ![confirmed.id, late.id].includes(execution.id))!;
		await rest(`executions/${running.id}/stop`, {});
		const stopped = await waitFor(
			async () => {
				const execution = (await executionsOf('push')).find((candidate) => candidate.id === running.id);
				return execution && execution.status !== 'running' ? execution : undefined;
			},
			30,
			'the stopped execution',
		);
		expect(stopped.status).toBe('canceled');
		const pollsAtStop = polls('push-stop');
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(polls('push-stop')).toBe(pollsAtStop);
	});

	it('runs the credential test and list search on main', async () => {
		const credential = { id: credentialId, name: CREDENTIAL_NAME, type: 'nextAuthApi' };
		expect(
			await rest('credentials/test', {
				credentials: { ...credential, data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl } },
			}),
		).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const users = await rest('dynamic-node-parameters/resource-locator-results', {
			nodeTypeAndVersion: { name: 'n8n-nodes-nextauth.nextAuthSessions', version: 1 },
			path: 'parameters.userId',
			methodName: 'searchUsers',
			currentNodeParameters: { operation: 'provokeLoginOnUser', nonce: 'x' },
			credentials: { nextAuthApi: { id: credentialId, name: CREDENTIAL_NAME } },
			filter: 'o',
		});
		expect(users.results.map((user: { value: string }) => user.value)).toEqual(['bob', 'carol.smith', 'dave/ops']);
	});

	it(`a worker stopped during Wait for Login waits ${GRACE_S} s (N8N_GRACEFUL_SHUTDOWN_TIMEOUT), then the execution ends unfinished and is not run again`, async () => {
		const before = new Set((await executionsOf('push')).map((execution) => execution.id));
		await callWebhook('nextauth-push', { nonce: 'push-worker-stop', timeout: '60' });
		const running = await waitFor(
			async () =>
				(await executionsOf('push')).find((execution) => !before.has(execution.id) && execution.status === 'running'),
			30,
			'the waiting execution',
		);
		const worker = await waitFor(
			async () => cluster.workers.find((candidate) => startedExecutions(candidate.log()).includes(running.id)),
			30,
			'the worker running it',
		);
		const stopping = Date.now();
		await worker.stop(60_000);
		const stoppedAfterMs = Date.now() - stopping;
		console.log(`worker stopped after ${stoppedAfterMs} ms`);
		const ended = await waitFor(
			async () => {
				const execution = (await executionsOf('push')).find((candidate) => candidate.id === running.id);
				return execution && execution.status !== 'running' ? execution : undefined;
			},
			120,
			'the execution to end',
		);
		console.log(
			`worker stopped after ${stoppedAfterMs} ms; the execution ended as "${ended.status}" ${Date.now() - stopping} ms after the stop`,
		);
		expect(stoppedAfterMs).toBeGreaterThanOrEqual(GRACE_S * 1000);
		// 'error' when Bull's stalled-job check catches it first, 'crashed' when main's recovery does
		expect(['error', 'crashed']).toContain(ended.status);
		const polls = simulator.requests.filter((request) => request.headers['x-nonce'] === 'push-worker-stop').length;
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(simulator.requests.filter((request) => request.headers['x-nonce'] === 'push-worker-stop')).toHaveLength(
			polls,
		);
	});

	it('the NextAuth Trigger, active: main polls every 10 s, the execution of new accounts runs on a worker, each account once', async () => {
		const firstPages = () =>
			simulator.requests.filter(
				(request) =>
					request.path === `${SERVER_PATH}/accounts/` &&
					request.query.sort === 'id:desc' &&
					request.query.marker === '0',
			);
		const answeredPolls = () => firstPages().filter((request) => request.status !== 0).length;
		const polls = answeredPolls();
		// Six Poll Times entries a minute, each at its own second (n8n refuses less than a minute per entry).
		const everyTenSeconds = {
			item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
		};
		await deploy('trigger', [
			{
				id: 'nextauth-trigger',
				name: 'NextAuth Trigger',
				type: 'n8n-nodes-nextauth.nextAuthTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: everyTenSeconds, event: 'newAccount' },
				credentials: { nextAuthApi: { id: credentialId, name: CREDENTIAL_NAME } },
			},
		]);
		// The activation's poll is the baseline; accounts enrolled after it are events.
		await waitFor(async () => (answeredPolls() > polls ? true : undefined), 60, 'the baseline poll');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const enrolled = simulator.addAccounts(3) as Array<Record<string, unknown>>;
		const [execution] = await finished('trigger', 1);
		expect([execution.status, execution.mode]).toEqual(['success', 'trigger']);
		const worker = cluster.workers.find((candidate) => startedExecutions(candidate.log()).includes(execution.id));
		expect(worker).toBeDefined();
		// Main enqueued it (main runs the polls), a worker took it from Redis.
		expect(cluster.main!.log()).toContain(`Enqueued execution ${execution.id} `);
		const { runData } = await runDataOf(execution.id);
		expect(runData['NextAuth Trigger'][0].data.main[0].map((item: { json: unknown }) => item.json)).toEqual(
			enrolled.map((account) => ({ ...account, event: 'newAccount' })),
		);
		// Two more polls emit nothing: each account once.
		const afterEmit = answeredPolls();
		await waitFor(async () => (answeredPolls() >= afterEmit + 2 ? true : undefined), 60, 'two more polls');
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect((await executionsOf('trigger')).map((candidate) => candidate.id)).toEqual([execution.id]);
		// Polls stop with the deactivation (the next test counts every request the simulator gets).
		await rest(`workflows/${workflows.trigger}/deactivate`, {});
		await waitFor(
			async () =>
				(await rest(`workflows/${workflows.trigger}/publication-status`)).status !== 'in_progress' ? true : undefined,
			60,
			'the deactivation',
		);
		const afterDeactivation = firstPages().length;
		await new Promise((resolve) => setTimeout(resolve, 11_000));
		expect(firstPages()).toHaveLength(afterDeactivation);
	});

	it('fails the jobs of a worker without the package with "Unrecognized node type", and sends nothing', async () => {
		await Promise.all(cluster.workers.map(async (worker) => await worker.stop()));
		const emptyFolder = path.join(cluster.root, 'worker-without-package');
		mkdirSync(emptyFolder, { recursive: true });
		const worker = await cluster.startWorker({ userFolder: emptyFolder });
		simulator.clearRecords();
		const before = (await executionsOf('session')).length;
		// not awaited: main answers this webhook only when the job has ended
		void fetch(`${cluster.url}/webhook/nextauth-session?nonce=no-package`, {
			signal: AbortSignal.timeout(60_000),
		}).catch(() => undefined);
		const executions = await finished('session', before + 1);
		const failed = executions.find((execution) => startedExecutions(worker.log()).includes(execution.id));
		expect(failed?.status).toBe('error');
		const { error } = await runDataOf(failed!.id);
		expect(error.message).toContain('Unrecognized node type: n8n-nodes-nextauth.nextAuthSessions');
		expect(simulator.requests).toEqual([]);
	});
});
