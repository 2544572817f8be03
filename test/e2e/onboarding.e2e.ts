/**
 * The onboarding example (examples/onboarding-enrol-new-hire.json) as shipped, in `npm run dev`'s
 * set-up (startDev: the packed package in a real n8n (N8N_VERSION), the simulator, its credential, the
 * examples imported): activated over n8n's REST API and started by its production webhook, the
 * way an HR system would. First the test plays the new hire (scans the enrolment in the simulator,
 * confirms the pushed login); then the simulator plays the app, as it does in `npm run dev`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startDev } from '../../scripts/dev';
import { SERVER_ID } from '../simulator';
import { freePort, type ExecutionResult } from './n8nInstance';
import { restClient, sleep, waitFor } from './rest';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const WORKFLOW_ID = 'nextauth-example-onboarding';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type RunData = ExecutionResult['runData'];
type Account = { id: number; userid?: string; description: string };

describe('example "onboard a new hire" in npm run dev\'s n8n, started by its webhook', () => {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-onboarding-'));
	let dev: Awaited<ReturnType<typeof startDev>>;

	const rest = restClient(() => ({ url: dev.n8n.url, cookie: dev.cookie, browserId: 'nextauth-dev' }));
	const server = () => dev.simulator.serverState(SERVER_ID);
	const accountsOf = (userid: string) =>
		(server().accounts as Account[]).filter((account) => account.userid === userid);
	const hire = async (body: Record<string, string>) => {
		const response = await fetch(`${dev.n8n.url}/webhook/nextauth-onboarding`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ message: 'Workflow was started' });
	};
	/** The requests of one run: those carrying its nonces, and the attribute write for its user. */
	const enrolRequestFor = (userid: string) =>
		waitFor(`the enrolment QR code for ${userid}`, () =>
			dev.simulator.requests.find(
				(request) => request.path.endsWith('/sessions/qr/enrol') && request.query.userid === userid,
			),
		);
	/** Waits for the execution that is not in `before` to end; resolves to its status and run data. */
	const finishedExecution = async (before: Set<string>) => {
		const execution = await waitFor(
			'the execution to end',
			async () => {
				const { results } = await rest(
					`executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}&limit=100`,
				);
				return (results as Array<{ id: string; status: string }>).find(
					(candidate) => !before.has(candidate.id) && !['new', 'running', 'waiting'].includes(candidate.status),
				);
			},
			120,
		);
		const { parse } = require(path.join(dev.n8n.runtimeDir, 'node_modules', 'flatted'));
		const stored = await rest(`executions/${execution.id}`);
		return { status: execution.status, runData: parse(stored.data).resultData.runData as RunData };
	};
	const executionIds = async () => {
		const { results } = await rest(
			`executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}&limit=100`,
		);
		return new Set((results as Array<{ id: string }>).map((execution) => execution.id));
	};
	const only = (runData: RunData, node: string) => {
		expect(runData[node]).toBeDefined();
		const runs = runData[node];
		expect(runs[runs.length - 1].error).toBeUndefined();
		return runs[runs.length - 1].data!.main.flat();
	};

	beforeAll(async () => {
		// The test scans and confirms by itself first: the simulator does not play the app yet.
		dev = await startDev({
			n8nPort: await freePort(),
			simulatorPort: 0,
			userFolder,
			quiet: true,
			app: false,
		});
		const workflow = await rest(`workflows/${WORKFLOW_ID}`);
		await rest(`workflows/${WORKFLOW_ID}/activate`, { versionId: workflow.versionId });
		// Activation is queued, and a production webhook answers 404 for about a second after it.
		await waitFor('the activation', async () => ((await rest(`workflows/${WORKFLOW_ID}`)).active ? true : undefined));
		await sleep(1500);
	});

	afterAll(async () => {
		await dev?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	});

	it('the test as the new hire: scanned enrolment, confirmed first login → the account under the user, group set', async () => {
		const before = await executionIds();
		dev.simulator.clearRecords();
		await hire({ name: 'Erin Example', userId: 'erin', email: 'erin@example.com', group: 'ops' });

		// The enrolment QR code for erin, then "Enrolled?" checks its session: nobody has scanned yet.
		const enrol = await enrolRequestFor('erin');
		const enrolNonce = String(enrol.headers['x-nonce']);
		expect(enrolNonce).toMatch(/^onboard-enrol-\d+-\d+$/);
		expect([enrol.method, enrol.url, enrol.body]).toEqual([
			'GET',
			`${SERVER_PATH}/sessions/qr/enrol?name=Erin+Example&userid=erin&img=png&s=400`,
			null,
		]);
		const enrolChecks = () =>
			dev.simulator.requests.filter(
				(request) => request.path === `${SERVER_PATH}/sessions/` && request.headers['x-nonce'] === enrolNonce,
			);
		await waitFor('a check of the enrolment session', () => (enrolChecks().length > 0 ? true : undefined));
		expect(accountsOf('erin')).toEqual([]);

		// Scanned with the app: a new account for erin, logged in on the enrolment's session.
		const served = dev.simulator.pendingEnrolment(SERVER_ID, enrolNonce)!.served!;
		const account = dev.simulator.completeEnrolment(SERVER_ID, enrolNonce) as Account;
		expect(account).toMatchObject({ description: 'Erin Example', userid: 'erin' });

		// The workflow sees it at its next check and pushes a first login to erin; the hire confirms it.
		const push = await waitFor('the pushed login', () =>
			dev.simulator.pushes.find((candidate) => candidate.target.userid === 'erin'),
		);
		expect(push.userContext).toEqual({ announceinfo: { info: { reason: 'First login on your new device' } } });
		const loginNonce = push.nonce;
		expect(loginNonce).toMatch(/^onboard-login-\d+-\d+$/);
		dev.simulator.confirmLogin(SERVER_ID, loginNonce, 'erin', account.id);

		const { status, runData } = await finishedExecution(before);
		expect(status).toBe('success');

		// The simulator's state: erin has the one account that was enrolled, and group ops.
		expect(accountsOf('erin')).toEqual([account]);
		expect(server().users.map((user: { userid: string }) => user.userid)).toContain('erin');
		expect(dev.simulator.userAttributes(SERVER_ID, 'erin')).toEqual({ group: 'ops' });

		// The wire, in order: the QR code, checks until scanned, the push and its wait, the attributes.
		const wire = dev.simulator.requests.map(
			(request) => `${request.method} ${request.url} ${request.headers['x-nonce'] ?? '-'} ${request.body ?? '-'}`,
		);
		const checks = enrolChecks().length;
		expect(checks).toBeGreaterThanOrEqual(2);
		const loginChecks = wire.length - checks - 3;
		expect(loginChecks).toBeGreaterThanOrEqual(1);
		expect(wire).toEqual([
			`GET ${SERVER_PATH}/sessions/qr/enrol?name=Erin+Example&userid=erin&img=png&s=400 ${enrolNonce} -`,
			...Array(checks).fill(`GET ${SERVER_PATH}/sessions/ ${enrolNonce} -`),
			`POST ${SERVER_PATH}/users/erin/provokelogin ${loginNonce} ${JSON.stringify(push.userContext)}`,
			...Array(loginChecks).fill(`GET ${SERVER_PATH}/sessions/ ${loginNonce} -`),
			`POST ${SERVER_PATH}/users/erin/attributes/ - {"group":"ops"}`,
		]);

		// The execution's outputs: the PNG as served (from n8n's binary storage), passed through the
		// disabled email node; the loop ran until the scan; confirmed; attributes; the report.
		const [qr] = only(runData, 'Get Enrolment QR Code');
		expect(qr.json).toEqual({ format: 'png', size: 400, bytes: expect.any(Number) });
		expect(qr.binary!.qr).toMatchObject({ mimeType: 'image/png', fileName: 'nextauth-enrol-qr.png' });
		const png = dev.n8n.binaryBytes(qr.binary!.qr);
		expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
		expect(png.readUInt32BE(16)).toBe(400);
		expect(png.equals(served)).toBe(true);
		expect(png.length).toBe(qr.json.bytes);
		expect(only(runData, 'Email the QR Code')[0].binary!.qr.id).toBe(qr.binary!.qr.id);
		expect(runData['Enrolled?']).toHaveLength(checks);
		expect(runData.Wait).toHaveLength(checks - 1);
		expect(runData['Report: Not Enrolled']).toBeUndefined();
		expect(only(runData, 'Push Login to User')[0].json).toMatchObject({
			success: true,
			confirmed: true,
			loggedin: true,
			userid: 'erin',
			accountid: account.id,
		});
		expect(only(runData, 'Set Attributes')[0].json).toEqual({
			success: true,
			userid: 'erin',
			attributes: { group: 'ops' },
		});
		expect(only(runData, 'Report: Onboarded')[0].json).toEqual({
			outcome: 'onboarded',
			userId: 'erin',
			accountId: account.id,
			attributes: { group: 'ops' },
		});
		expect(runData['Report: Not Confirmed']).toBeUndefined();
	});

	it('as in npm run dev, the simulator plays the app: an odd user id, the default group', async () => {
		dev.simulator.playApp({ scanAfterMs: 1000, confirmAfterPolls: 2 });
		const before = await executionIds();
		dev.simulator.clearRecords();
		await hire({ name: 'Zoë Ops', userId: 'zoë/ops', email: 'zoe@example.com' });

		const { status, runData } = await finishedExecution(before);
		expect(status).toBe('success');
		const [account] = accountsOf('zoë/ops');
		expect(account).toMatchObject({ description: 'Zoë Ops', userid: 'zoë/ops' });
		expect(dev.simulator.userAttributes(SERVER_ID, 'zoë/ops')).toEqual({ group: 'staff' });
		const paths = dev.simulator.requests.map((request) => `${request.method} ${request.path}`);
		expect(paths).toContain(`POST ${SERVER_PATH}/users/zo%C3%AB%2Fops/provokelogin`);
		expect(paths.at(-1)).toBe(`POST ${SERVER_PATH}/users/zo%C3%AB%2Fops/attributes/`);
		expect(dev.simulator.requests[0].url).toBe(
			`${SERVER_PATH}/sessions/qr/enrol?name=Zo%C3%AB+Ops&userid=zo%C3%AB%2Fops&img=png&s=400`,
		);
		expect(only(runData, 'Report: Onboarded')[0].json).toEqual({
			outcome: 'onboarded',
			userId: 'zoë/ops',
			accountId: account.id,
			attributes: { group: 'staff' },
		});
	});
});
