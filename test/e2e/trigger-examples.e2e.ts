/**
 * The two NextAuth Trigger examples as shipped (examples/alert-new-admin-device.json,
 * examples/confirm-unusual-login.json) in `npm run dev`'s set-up (startDev: the packed package in
 * a real n8n (N8N_VERSION), the simulator playing the users' app, its credential, the examples imported):
 * both activated over n8n's REST API, then accounts enrolled and logged in on the simulator, and
 * the executions n8n's own polls start (Poll Times: every minute, as shipped) read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startDev } from '../../scripts/dev';
import { SERVER_ID } from '../simulator';
import { DURABLE_POLLS, freePort, POLL_SCHEDULER, type ExecutionResult } from './n8nInstance';
import { restClient, sleep, waitFor } from './rest';
import { isSortOf, sortOf, type Watch } from './triggerSorts';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const ADMIN_DEVICE = 'nextauth-example-new-admin-device';
const CONFIRM_LOGIN = 'nextauth-example-confirm-login';
/** n8n's time zone, in which the example tells office hours and formats the login time. */
const N8N_ZONE = process.env.GENERIC_TIMEZONE || 'America/New_York';

type RunData = ExecutionResult['runData'];
type Account = { id: number; userid?: string; description: string; lastlogin?: number };

/** `ms` as the example formats it (luxon's 'ccc d LLL yyyy, HH:mm') in n8n's time zone, e.g. "Sun 10 Jan 2027, 07:00". */
function inZone(ms: number): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: N8N_ZONE,
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(ms);
	const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value;
	return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

describe(`the NextAuth Trigger examples in npm run dev's n8n, active, started by n8n's polls (${POLL_SCHEDULER})`, () => {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-trigger-examples-'));
	let dev: Awaited<ReturnType<typeof startDev>>;

	const rest = restClient(() => ({ url: dev.n8n.url, cookie: dev.cookie, browserId: 'nextauth-dev' }));
	/** The workflow's first finished execution; resolves to its status and run data. */
	const finishedExecution = async (workflowId: string) => {
		const execution = await waitFor(
			`an execution of ${workflowId} to end`,
			async () => {
				const { results } = await rest(
					`executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`,
				);
				return (results as Array<{ id: string; status: string }>).find(
					(candidate) => !['new', 'running', 'waiting'].includes(candidate.status),
				);
			},
			// Poll Times "every minute", then the push's wait for the app's confirmation.
			150,
		);
		const { parse } = require(path.join(dev.n8n.runtimeDir, 'node_modules', 'flatted'));
		const stored = await rest(`executions/${execution.id}`);
		return { status: execution.status, runData: parse(stored.data).resultData.runData as RunData };
	};
	/** The json of a node's items on its first output (a Filter's second holds what it discarded). */
	const outputOf = (runData: RunData, node: string, output = 0) => {
		expect(runData[node]).toBeDefined();
		const [run] = runData[node];
		expect(run.error).toBeUndefined();
		return (run.data!.main[output] ?? []).map((item) => item.json);
	};
	/** The watch's reads of the account list's first page, one a poll (each watch reads it in its own order: triggerSorts.ts). */
	const accountsRequests = (watch: Watch) =>
		dev.simulator.requests.filter(
			(request) =>
				request.path === `${SERVER_PATH}/accounts/` &&
				isSortOf(watch, request.query.sort) &&
				request.query.marker === '0',
		);
	const accountsRequest = (watch: Watch) => accountsRequests(watch)[0];

	beforeAll(async () => {
		dev = await startDev({ n8nPort: await freePort(), simulatorPort: 0, userFolder, quiet: true });
		for (const id of [ADMIN_DEVICE, CONFIRM_LOGIN]) {
			const workflow = await rest(`workflows/${id}`);
			await rest(`workflows/${id}/activate`, { versionId: workflow.versionId });
		}
		// Activation runs each trigger's baseline poll: the events below must come after it. Under the
		// durable scheduler n8n keeps nothing from that poll, and the baseline is the first scheduled
		// poll (Poll Times: every minute).
		const baselinePolls = DURABLE_POLLS ? 2 : 1;
		const baselined = () =>
			(['newAccount', 'accountLogin'] as const).every(
				(watch) => accountsRequests(watch).filter((request) => request.status !== 0).length >= baselinePolls,
			);
		await waitFor('the baseline polls', () => (baselined() ? true : undefined), DURABLE_POLLS ? 150 : 60);
		await sleep(500);
	});

	afterAll(async () => {
		await dev?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	});

	it('alerts on a new device of an admin only, and asks the user to confirm a login at a weekend, not one on a weekday afternoon', async () => {
		expect(accountsRequest('newAccount')?.query).toEqual({
			filter: 'group=in:admins',
			sort: sortOf('newAccount'),
			limit: '500',
			marker: '0',
		});
		// On the server's clock: bob (group ops) and alice (group admins) each enrol a device; bob's
		// phone logs in on a Wednesday afternoon, alice's tablet on a Sunday (in any time zone from
		// UTC-9 to UTC+3; in n8n's default, America/New_York, 11:00 on Wednesday, 07:00 on Sunday).
		dev.simulator.holdClock(Date.parse('2027-01-06T16:00:00Z'));
		dev.simulator.addAccount({ userid: 'bob', description: "Bob's new phone" });
		const aliceDevice = dev.simulator.addAccount({ userid: 'alice', description: "Alice's new laptop" }) as Account;
		dev.simulator.logAccountIn(3);
		dev.simulator.holdClock(Date.parse('2027-01-10T12:00:00Z'));
		const aliceLogin = { ...(dev.simulator.logAccountIn(2) as Account) };
		const loginAt = inZone(aliceLogin.lastlogin!);
		dev.simulator.holdClock(undefined);

		const admin = await finishedExecution(ADMIN_DEVICE);
		expect(admin.status).toBe('success');
		expect(outputOf(admin.runData, 'New Admin Device')).toEqual([{ ...aliceDevice, event: 'newAccount' }]);

		const login = await finishedExecution(CONFIRM_LOGIN);
		expect(login.status).toBe('success');
		expect(outputOf(login.runData, 'Account Login').map((account) => account.id)).toEqual([3, 2]);
		expect(outputOf(login.runData, 'Unusual Login?')).toEqual([{ ...aliceLogin, event: 'accountLogin' }]);
		expect(outputOf(login.runData, 'Unusual Login?', 1).map((account) => account.id)).toEqual([3]);
		const [request] = outputOf(login.runData, 'Confirmation Request');
		expect(request).toEqual({
			userId: 'alice',
			accountId: 2,
			device: "Alice's tablet",
			loginAt,
			nonce: expect.stringMatching(/^confirm-login-2-\d+-\d+$/),
		});

		// One push, to alice, saying what it is about; the simulator's app confirmed it; the
		// confirmation's session logged out again; no alert.
		expect(dev.simulator.pushes).toEqual([
			{
				serverId: SERVER_ID,
				nonce: request.nonce,
				target: { userid: 'alice' },
				userContext: {
					announceinfo: {
						info: { reason: `Was this you? Alice's tablet logged in on ${loginAt}. Confirm to say yes.` },
					},
				},
			},
		]);
		expect(outputOf(login.runData, 'Push Login to User')).toEqual([
			expect.objectContaining({ success: true, confirmed: true, loggedin: true, userid: 'alice' }),
		]);
		expect(outputOf(login.runData, 'Log Out Confirmation Session')).toEqual([{ success: true }]);
		const logout = dev.simulator.requests.filter((sent) => sent.path === `${SERVER_PATH}/sessions/logout`);
		expect(logout.map((sent) => [sent.method, sent.headers['x-nonce']])).toEqual([['POST', request.nonce]]);
		expect(login.runData['Alert: Not Confirmed']).toBeUndefined();
	});
});
