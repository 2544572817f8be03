/**
 * The NextAuth Trigger from the packed package in a real n8n (N8N_VERSION, 2.41.1 unless set), its
 * workflows ACTIVE and polled by n8n's own scheduler every 10 s: n8n refuses Poll Times under a
 * minute, so each workflow has six entries a minute, each at its own second. What the polls did is
 * read back from n8n: the executions they started (their items, in order) and the failed
 * executions n8n records for failed polls. The tests run in order on one n8n and one simulator:
 * baseline, a burst over Max Events per Poll, an outage and its catch-up, a restart of n8n, Fetch
 * Test Event, a new activation, a login and a block. About 4 minutes.
 *
 * N8N_DURABLE_POLLS=1 runs it under n8n 2.41's durable poll scheduler (n8nInstance.js). What
 * differs there is checked as such: n8n backs off after a failed poll, the cursor is a row of its
 * table poller_state, the baseline is the first scheduled poll after activation, and activating
 * again goes on from the kept cursor.
 */
import path from 'node:path';

import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { DURABLE_POLLS, N8N_VERSION, N8nInstance, packPackage, POLL_SCHEDULER } from './n8nInstance';
import { restClient, sleep, waitFor } from './rest';
import { isSortOf, sortOf, type Watch } from './triggerSorts';

const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';
const OWNER = { email: 'owner@example.com', password: 'Trigger-e2e-1' };
const BROWSER_ID = 'nextauth-dev';
const CREDENTIAL_NAME = 'NextAuth (simulator)';
const TRIGGER = 'NextAuth Trigger';
const EVERY_10_S = {
	item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};
/** How long n8n may take to store the execution a poll started, once the poll's answer was sent. */
const STORE_GRACE_MS = 3000;
const OUTAGE_SENTENCE = 'The nextAuth API had a server error (503), try again later';
/**
 * Under n8n's durable poll scheduler a failed poll makes n8n skip the polls due within its back-off
 * (5 s after the first failure, 10 s after the second, 20 s after the third): the catch-up after
 * three failures comes up to a minute later than under the default scheduler.
 */
const OUTAGE_SECONDS = DURABLE_POLLS ? 120 : 60;
/** Runs under the durable poll scheduler; elsewhere skipped, the title saying why. */
const ifDurablePolls = DURABLE_POLLS ? it : it.skip;
const ONLY_DURABLE = DURABLE_POLLS ? '' : ' (only under the durable poll scheduler: N8N_DURABLE_POLLS=1)';
/** What activating again does: the default scheduler starts a new baseline; the durable one goes on from the cursor it kept. */
const REACTIVATION = DURABLE_POLLS
	? 'the cursor n8n kept goes on, the accounts enrolled while inactive come out once; then the next account'
	: 'a new baseline, nothing from before it is emitted; the next account is';

/** The watches' options. Each reads the list in its own order (triggerSorts.ts), so the simulator's record tells their polls apart. */
const WATCHES: Record<Watch, { options: Json }> = {
	newAccount: { options: { maxEventsPerPoll: 1000, maxRetries: 0 } },
	accountLogin: { options: {} },
	accountBlockChange: { options: {} },
};

interface Execution {
	id: string;
	status: string;
	mode: string;
}
type Account = { id: number; created: number; lastlogin?: number; blocked: boolean };
type Json = Record<string, unknown>;

describe(`NextAuth Trigger, active in a real n8n ${N8N_VERSION}, polled every 10 s by ${POLL_SCHEDULER}`, () => {
	const simulator = new NextAuthSimulator();
	let n8n: N8nInstance;
	let cookie = '';
	let credentialId = '';
	const workflowIds = {} as Record<Watch, string>;

	const rest = restClient(() => ({ url: n8n.url, cookie, browserId: BROWSER_ID }));

	/** The first page of each read of a watch's list: one a poll (Fetch Test Event reads one too). */
	const listReads = (watch: Watch) =>
		simulator.requests.filter(
			(request) =>
				request.path === `${SERVER_PATH}/accounts/` &&
				isSortOf(watch, request.query.sort) &&
				request.query.marker === '0',
		);
	/** Waits until `count` more polls of the watch have been answered and n8n has stored what they started. */
	const nextPolls = async (watch: Watch, count = 1) => {
		const before = listReads(watch).length;
		await waitFor(
			`${count} more poll(s) of ${watch}`,
			() =>
				listReads(watch)
					.slice(before)
					.filter((request) => request.status !== 0).length >= count
					? true
					: undefined,
			count * 10 + 30,
		);
		await sleep(STORE_GRACE_MS);
	};

	/** The workflow's executions, oldest first. */
	const executionsOf = async (watch: Watch): Promise<Execution[]> => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: workflowIds[watch] }));
		const { results } = await rest(`executions?filter=${filter}&limit=100`);
		return (results as Execution[]).sort((a, b) => Number(a.id) - Number(b.id));
	};
	/** Waits for `count` finished executions of the watch that are not in `before`; gives them, oldest first. */
	const newExecutions = async (watch: Watch, before: Execution[], count: number, seconds = 60) => {
		const known = new Set(before.map((execution) => execution.id));
		const found = await waitFor(
			`${count} new execution(s) of ${watch}`,
			async () => {
				const fresh = (await executionsOf(watch)).filter((execution) => !known.has(execution.id));
				return fresh.length >= count &&
					fresh.every((execution) => !['new', 'running', 'waiting'].includes(execution.status))
					? fresh
					: undefined;
			},
			seconds,
		);
		expect(found).toHaveLength(count);
		return found;
	};
	const executionIds = async (watch: Watch) => (await executionsOf(watch)).map((execution) => execution.id);
	const idsOf = (executions: Execution[]) => executions.map((execution) => execution.id);
	const resultDataOf = async (executionId: string) => {
		const { parse } = require(path.join(n8n.runtimeDir, 'node_modules', 'flatted'));
		return parse((await rest(`executions/${executionId}`)).data).resultData;
	};
	/** The items the trigger gave an execution, as json. */
	const itemsOf = async (execution: Execution): Promise<Json[]> => {
		// A finished execution's data can be stored a moment after its status.
		for (let attempt = 0; ; attempt++) {
			const { runData, error } = await resultDataOf(execution.id);
			const items = runData?.[TRIGGER]?.[0]?.data?.main?.[0];
			if (items) return items.map((item: { json: Json }) => item.json);
			if (error || attempt === 20)
				throw new Error(
					`execution ${execution.id} (${execution.status}) has no items: ${String(error?.message ?? 'and no error')}`,
				);
			await sleep(500);
		}
	};

	/**
	 * Activates the watch's workflow as a user does and waits for its baseline: the activation's poll,
	 * and under the durable scheduler the first scheduled poll too (n8n keeps no state from the
	 * activation's poll there: the cursor in its database is written by scheduled polls only).
	 */
	const activate = async (watch: Watch) => {
		const before = listReads(watch).length;
		const answeredSince = (count: number) =>
			listReads(watch)
				.slice(before)
				.filter((request) => request.status !== 0).length >= count
				? true
				: undefined;
		const { versionId } = await rest(`workflows/${workflowIds[watch]}`);
		await rest(`workflows/${workflowIds[watch]}/activate`, { versionId });
		// n8n 2.x queues the activation; the activation runs the first poll.
		await waitFor(`the activation of ${watch}`, () => answeredSince(1), 60);
		await settled(watch);
		if (DURABLE_POLLS) await waitFor(`the first scheduled poll of ${watch}`, () => answeredSince(2), 60);
		await sleep(STORE_GRACE_MS);
	};
	/**
	 * Waits until n8n has applied the watch's last activation or deactivation. n8n 2.x queues them
	 * and says in publication-status when they are done; n8n 1.x has no such route and applies them
	 * before it answers.
	 */
	const settled = async (watch: Watch) =>
		await waitFor(
			`n8n to apply the (de)activation of ${watch}`,
			async () => {
				const status = await rest(`workflows/${workflowIds[watch]}/publication-status`).catch((error: Error) => {
					if (error.message.includes(': 404 ')) return { status: 'applied' };
					throw error;
				});
				return status.status === 'in_progress' ? undefined : true;
			},
			60,
		);
	const deactivate = async (watch: Watch) => {
		await rest(`workflows/${workflowIds[watch]}/deactivate`, {});
		await settled(watch);
	};

	const startN8n = async () => {
		// start() resolves once the REST API answers (n8n 1.x reports ready a moment before).
		await n8n.start({ quiet: process.env.NEXTAUTH_N8N_LOGS !== '1' });
		cookie = await n8n.ownerSession(OWNER);
	};

	beforeAll(
		async () => {
			const baseUrl = await simulator.start();
			n8n = await N8nInstance.create(packPackage());
			await startN8n();
			credentialId = (
				await rest('credentials', {
					name: CREDENTIAL_NAME,
					type: 'nextAuthApi',
					data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl },
				})
			).id;
			for (const [watch, { options }] of Object.entries(WATCHES) as Array<[Watch, (typeof WATCHES)[Watch]]>) {
				const created = await rest('workflows', {
					name: `NextAuth Trigger e2e: ${watch}`,
					nodes: [
						{
							id: `nextauth-trigger-${watch}`,
							name: TRIGGER,
							type: 'n8n-nodes-nextauth.nextAuthTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: { pollTimes: EVERY_10_S, event: watch, options },
							credentials: { nextAuthApi: { id: credentialId, name: CREDENTIAL_NAME } },
						},
					],
					connections: {},
					settings: { executionOrder: 'v1' },
					active: false,
				});
				workflowIds[watch] = created.id;
			}
		},
		10 * 60 * 1000,
	);

	afterAll(async () => {
		await n8n?.remove();
		await simulator.stop();
	});

	it('activation is a baseline: the accounts that existed before emit nothing; an idle poll is one request', async () => {
		simulator.addAccounts(3);
		await activate('newAccount');
		const afterBaseline = simulator.requests.length;
		await nextPolls('newAccount');
		expect(await executionIds('newAccount')).toEqual([]);
		expect(
			simulator.requests.slice(afterBaseline).map((request) => [request.method, request.path, request.query]),
		).toEqual([['GET', `${SERVER_PATH}/accounts/`, { sort: sortOf('newAccount'), limit: '500', marker: '0' }]]);
	});

	it('a burst of 2,500 new accounts with Max Events per Poll 1000: executions of 1000, 1000 and 500 items, every id once, in order', async () => {
		const burst = simulator.addAccounts(2500) as Account[];
		const executions = await newExecutions('newAccount', [], 3, 90);
		expect(executions.map((execution) => [execution.mode, execution.status])).toEqual(
			Array(3).fill(['trigger', 'success']),
		);
		const items = await Promise.all(executions.map(async (execution) => await itemsOf(execution)));
		expect(items.map((part) => part.length)).toEqual([1000, 1000, 500]);
		expect(items.flat()).toEqual(burst.map((account) => ({ ...account, event: 'newAccount' })));
		// The next poll finds nothing left.
		await nextPolls('newAccount');
		expect(await executionIds('newAccount')).toEqual(idsOf(executions));
	});

	it(`an outage of three polls: three failed executions with the package's sentence, then the missed accounts once${DURABLE_POLLS ? ", after n8n's back-off" : ''}`, async () => {
		const before = await executionsOf('newAccount');
		const missed = simulator.addAccounts(2) as Account[];
		// Max Retries is 0: each poll sends one request, and the next three are answered 503.
		simulator.failNext(3, { status: 503, body: JSON.stringify({ message: 'down for maintenance' }) });
		const [firstFailure] = await newExecutions('newAccount', before, 1, 30);
		missed.push(simulator.addAccount() as Account);
		const executions = [
			firstFailure,
			...(await newExecutions('newAccount', [...before, firstFailure], 3, OUTAGE_SECONDS)),
		];
		expect(executions.map((execution) => [execution.mode, execution.status])).toEqual([
			['trigger', 'error'],
			['trigger', 'error'],
			['trigger', 'error'],
			['trigger', 'success'],
		]);
		for (const failed of executions.slice(0, 3))
			expect((await resultDataOf(failed.id)).error.message).toBe(OUTAGE_SENTENCE);
		const failedReads = listReads('newAccount').filter((request) => request.status === 503);
		expect(failedReads).toHaveLength(3);
		expect(await itemsOf(executions[3])).toEqual(missed.map((account) => ({ ...account, event: 'newAccount' })));
		if (DURABLE_POLLS) {
			// n8n's back-off, not the 10 s schedule, spaced the polls: at least 10 s after the second
			// failure and 20 s after the third.
			const catchUp = listReads('newAccount').find(
				(request) => request.at > failedReads[2].at && request.status === 200,
			);
			expect(failedReads[2].at - failedReads[1].at).toBeGreaterThanOrEqual(10_000);
			expect(catchUp!.at - failedReads[2].at).toBeGreaterThanOrEqual(20_000);
		}
		await nextPolls('newAccount');
		expect(await executionIds('newAccount')).toEqual(idsOf([...before, ...executions]));
	});

	ifDurablePolls(
		`the cursor is a row of n8n's table poller_state, its failures cleared by the catch-up${ONLY_DURABLE}`,
		async () => {
			const rows = n8n.query(
				`SELECT "cursor", "consecutiveErrors", "backoffUntil" FROM "poller_state" WHERE "workflowId" = '${workflowIds.newAccount}' AND "nodeId" = 'nextauth-trigger-newAccount'`,
			);
			expect(rows).toEqual([{ cursor: expect.any(String), consecutiveErrors: 0, backoffUntil: null }]);
			const cursor = JSON.parse(String(rows[0].cursor));
			expect(Object.keys(cursor).length).toBeGreaterThan(0);
		},
	);

	it('a restart of n8n between polls: the accounts enrolled while it was down come out once after the start', async () => {
		const before = await executionsOf('newAccount');
		await n8n.stop();
		const whileDown = simulator.addAccounts(3) as Account[];
		await startN8n();
		const [afterStart] = await newExecutions('newAccount', before, 1, 60);
		expect([afterStart.mode, afterStart.status]).toEqual(['trigger', 'success']);
		expect(await itemsOf(afterStart)).toEqual(whileDown.map((account) => ({ ...account, event: 'newAccount' })));
		await nextPolls('newAccount');
		expect(await executionIds('newAccount')).toEqual(idsOf([...before, afterStart]));
	});

	it('Fetch Test Event gives the newest account as one sample item at once; the active watch still emits it at its poll', async () => {
		const before = await executionsOf('newAccount');
		await sleep(5); // a `created` of its own: the newest account is this one, not one of a tie
		const newest = simulator.addAccount() as Account;
		const workflow = await rest(`workflows/${workflowIds.newAccount}`);
		// n8n 1.x takes the workflow in the body; 2.x reads it from its database and ignores it.
		const run = await rest(`workflows/${workflowIds.newAccount}/run`, {
			workflowData: workflow,
			triggerToStartFrom: { name: TRIGGER },
		});
		const executions = await newExecutions('newAccount', before, 2, 30);
		const sample = executions.find((execution) => execution.mode === 'manual');
		const polled = executions.find((execution) => execution.mode === 'trigger');
		expect(sample?.id).toBe(String(run.executionId));
		expect([sample?.status, polled?.status]).toEqual(['success', 'success']);
		expect(await itemsOf(sample!)).toEqual([{ ...newest, event: 'newAccount' }]);
		expect(await itemsOf(polled!)).toEqual([{ ...newest, event: 'newAccount' }]);
		await nextPolls('newAccount');
		expect(await executionIds('newAccount')).toEqual(idsOf([...before, ...executions]));
	});

	it(`deactivate, then activate: ${REACTIVATION}`, async () => {
		await deactivate('newAccount');
		const whileInactive = simulator.addAccounts(2) as Account[];
		const before = await executionsOf('newAccount');
		await activate('newAccount');
		if (DURABLE_POLLS) {
			// n8n keeps the trigger's row in poller_state when a workflow is deactivated, and drops
			// the baseline the activation's poll wrote: the first scheduled poll goes on from the
			// kept cursor.
			before.push(...(await newExecutions('newAccount', before, 1, 30)));
			expect(await itemsOf(before[before.length - 1])).toEqual(
				whileInactive.map((account) => ({ ...account, event: 'newAccount' })),
			);
		}
		await nextPolls('newAccount');
		expect(await executionIds('newAccount')).toEqual(idsOf(before));
		const next = simulator.addAccount() as Account;
		const [execution] = await newExecutions('newAccount', before, 1, 30);
		expect(await itemsOf(execution)).toEqual([{ ...next, event: 'newAccount' }]);
		await deactivate('newAccount');
	});

	it('Account Login and Account Blocked or Unblocked: one execution per change, with event and previousBlocked', async () => {
		await activate('accountLogin');
		await activate('accountBlockChange');
		const login = simulator.logAccountIn(2) as Account;
		const [loginExecution] = await newExecutions('accountLogin', [], 1, 30);
		expect(await itemsOf(loginExecution)).toEqual([{ ...login, event: 'accountLogin' }]);

		simulator.setBlocked(3, true);
		const [blockExecution] = await newExecutions('accountBlockChange', [], 1, 30);
		const blocked = simulator.serverState(SERVER_ID).accounts.find((account: Account) => account.id === 3);
		expect(await itemsOf(blockExecution)).toEqual([
			{ ...blocked, blocked: true, event: 'accountBlockChange', previousBlocked: false },
		]);
		simulator.setBlocked(3, false);
		const [unblockExecution] = await newExecutions('accountBlockChange', [blockExecution], 1, 30);
		expect(await itemsOf(unblockExecution)).toEqual([
			{ ...blocked, blocked: false, event: 'accountBlockChange', previousBlocked: true },
		]);

		// Nothing else happened: each watch stays quiet at its next poll.
		await Promise.all([nextPolls('accountLogin'), nextPolls('accountBlockChange')]);
		expect(await executionIds('accountLogin')).toEqual(idsOf([loginExecution]));
		expect(await executionIds('accountBlockChange')).toEqual(idsOf([blockExecution, unblockExecution]));
		await deactivate('accountLogin');
		await deactivate('accountBlockChange');
	});

	it('against a server that answers like a real database: 150 accounts of one millisecond in a new order on every request, 30 deleted between two pages of a read, a blocked account moved to the watched user, the clock stepped back: no false event, none lost, none twice', async () => {
		const byWorkflow = async (id: string): Promise<Execution[]> => {
			const { results } = await rest(
				`executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: id }))}&limit=100`,
			);
			return (results as Execution[])
				.filter((execution) => execution.mode === 'trigger')
				.sort((a, b) => Number(a.id) - Number(b.id));
		};
		const idsIn = async (execution: Execution) =>
			(await itemsOf(execution)).map((json) => [json.id, json.blocked, json.previousBlocked]);
		// A watch of alice's accounts: Account Blocked or Unblocked with Filters › User ID.
		const alice = (
			await rest('workflows', {
				name: 'NextAuth Trigger e2e: alice blocks',
				nodes: [
					{
						id: 'nextauth-trigger-alice',
						name: TRIGGER,
						type: 'n8n-nodes-nextauth.nextAuthTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: { pollTimes: EVERY_10_S, event: 'accountBlockChange', filters: { userId: 'alice' } },
						credentials: { nextAuthApi: { id: credentialId, name: CREDENTIAL_NAME } },
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
				active: false,
			})
		).id as string;
		const aliceReads = () =>
			simulator.requests.filter(
				(request) =>
					request.path === `${SERVER_PATH}/users/alice/accounts` &&
					request.query.marker === '0' &&
					request.status !== 0,
			);
		const aliceExecutions = async (count: number) =>
			await waitFor(
				`${count} execution(s) of alice's watch`,
				async () => ((await byWorkflow(alice)).length >= count ? await byWorkflow(alice) : undefined),
				60,
			);

		simulator.shuffleTies = 26;
		await activate('newAccount');
		await activate('accountBlockChange');
		const aliceBefore = aliceReads().length;
		await rest(`workflows/${alice}/activate`, { versionId: (await rest(`workflows/${alice}`)).versionId });
		await waitFor(
			"alice's baseline",
			() => (aliceReads().length >= aliceBefore + (DURABLE_POLLS ? 2 : 1) ? true : undefined),
			60,
		);
		await sleep(STORE_GRACE_MS);
		const before = {
			newAccount: await executionsOf('newAccount'),
			accountBlockChange: await executionsOf('accountBlockChange'),
		};

		// 150 devices enrolled in one millisecond: each once, by id, though the server orders them anew for every request.
		const at = Date.now();
		simulator.holdClock(at);
		const tied = simulator.addAccounts(150) as Account[];
		const [enrolled] = await newExecutions('newAccount', before.newAccount, 1, 30);
		expect((await itemsOf(enrolled)).map((json) => json.id)).toEqual(tied.map((account) => account.id));

		// A block, then 30 accounts at the start of the list deleted right after the first page of a
		// block-watch read (one user's devices, as Delete Accounts does): the block comes out once,
		// nothing else does (a skipped account would come back as a false block).
		const accounts = simulator.serverState(SERVER_ID).accounts as Account[];
		const target = accounts[110];
		simulator.setBlocked(target.id, true);
		const [blocked] = await newExecutions('accountBlockChange', before.accountBlockChange, 1, 30);
		expect(await idsIn(blocked)).toEqual([[target.id, true, false]]);
		let deleted = false;
		simulator.afterAnswer = (record) => {
			if (
				deleted ||
				record.path !== `${SERVER_PATH}/accounts/` ||
				record.query.sort !== 'id:asc' ||
				record.query.marker !== '0'
			)
				return;
			deleted = true;
			for (const account of accounts.slice(10, 40)) simulator.removeAccount(account.id);
		};
		await nextPolls('accountBlockChange', 2);
		expect(deleted).toBe(true);
		expect(idsOf(await executionsOf('accountBlockChange'))).toEqual(idsOf([...before.accountBlockChange, blocked]));
		simulator.afterAnswer = undefined;

		// Carol's long-blocked phone moved to alice: no block for alice's watch; unblocked there, an unblock for both watches.
		simulator.moveAccount(4, 'alice');
		await waitFor(
			"two polls of alice's watch",
			(() => {
				const start = aliceReads().length;
				return () => (aliceReads().length >= start + 2 ? true : undefined);
			})(),
			60,
		);
		await sleep(STORE_GRACE_MS);
		expect(await byWorkflow(alice)).toEqual([]);
		simulator.setBlocked(4, false);
		const [aliceUnblock] = await aliceExecutions(1);
		expect(await idsIn(aliceUnblock)).toEqual([[4, false, true]]);
		const [unblock] = await newExecutions('accountBlockChange', [...before.accountBlockChange, blocked], 1, 30);
		expect(await idsIn(unblock)).toEqual([[4, false, true]]);

		// The server's clock steps back 5 s, then a device is enrolled: it comes out, once.
		simulator.holdClock(at - 5000);
		const late = simulator.addAccount() as Account;
		const [afterStep] = await newExecutions('newAccount', [...before.newAccount, enrolled], 1, 30);
		expect(await itemsOf(afterStep)).toEqual([{ ...late, event: 'newAccount' }]);

		await Promise.all([nextPolls('newAccount'), nextPolls('accountBlockChange')]);
		expect(idsOf(await executionsOf('newAccount'))).toEqual(idsOf([...before.newAccount, enrolled, afterStep]));
		expect(idsOf(await executionsOf('accountBlockChange'))).toEqual(
			idsOf([...before.accountBlockChange, blocked, unblock]),
		);
		expect(idsOf(await byWorkflow(alice))).toEqual([aliceUnblock.id]);
		simulator.shuffleTies = undefined;
		simulator.holdClock(undefined);
		await deactivate('newAccount');
		await deactivate('accountBlockChange');
		await rest(`workflows/${alice}/deactivate`, {});
	});
});
