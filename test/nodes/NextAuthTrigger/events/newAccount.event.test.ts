/**
 * New Account in n8n's engine: the first poll is a baseline, an idle poll reads one page, new
 * accounts come out once and oldest first, ties on `created` are told apart by id, bursts over Max
 * Events per Poll carry over, a failed poll moves no cursor, and the state survives a restart.
 */
import { useTriggerSuite } from '../../../harness/pollTrigger';
import { SERVER_PATH } from '../../../harness/suite';

describe('NextAuth Trigger › New Account', () => {
	const { suite, watch, activate } = useTriggerSuite('newAccount');
	const ids = (items: { json: { id?: unknown } }[] | undefined) => items?.map((item) => item.json.id);

	it('the first poll notes where things stand (the highest ids, and the newest creation time for a fall-back) and emits nothing; an idle poll is one request', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => [request.method, request.path, request.query])).toEqual([
			['GET', `${SERVER_PATH}/accounts/`, { sort: 'id:desc', limit: '500', marker: '0' }],
			['GET', `${SERVER_PATH}/accounts/`, { sort: 'created:desc,id:desc', limit: '500', marker: '0' }],
		]);
		expect(trigger.staticData.nextAuthTrigger).toEqual({
			version: 2,
			scope: expect.any(String),
			state: { by: 'id', top: ['1-4'], cursor: { at: '1700000300000', ids: ['4'] } },
		});
		suite.simulator.clearRecords();
		expect(await trigger.poll()).toEqual({});
		expect(suite.simulator.requests.map((request) => request.query)).toEqual([
			{ sort: 'id:desc', limit: '500', marker: '0' },
		]);
	});

	it('an idle poll is one request with 1,000 accounts over 10 pages', async () => {
		suite.simulator.addBulkAccounts(1000);
		const trigger = await activate();
		suite.simulator.clearRecords();
		expect(await trigger.poll()).toEqual({});
		expect(suite.simulator.requests).toHaveLength(1);
	});

	it('emits each new account once, oldest first, the account as the API gives it plus event', async () => {
		const trigger = await activate();
		const added = suite.simulator.addAccounts(3, { userid: 'erin' });
		const { items, error } = await trigger.poll();
		expect(error).toBeUndefined();
		expect(items?.map((item) => item.json)).toEqual(added.map((account) => ({ ...account, event: 'newAccount' })));
		expect(await trigger.poll()).toEqual({});
	});

	it('accounts created at the timestamp of the last poll are told apart by id', async () => {
		suite.simulator.holdClock(1800000000000);
		const first = suite.simulator.addAccounts(2);
		const trigger = await activate();
		const second = suite.simulator.addAccounts(2);
		expect(ids((await trigger.poll()).items)).toEqual(second.map((account) => account.id));
		const third = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([third.id]);
		expect(await trigger.poll()).toEqual({});
		expect(first).toHaveLength(2);
	});

	it('2,500 new accounts with Max Events per Poll 1000: 1000, 1000, 500, in order, none twice, over 100-entry pages', async () => {
		const trigger = await activate({ options: { maxEventsPerPoll: 1000 } });
		suite.simulator.holdClock(1800000000000);
		// Ties across the cut: 25 timestamps of 100 accounts each.
		const added = [];
		for (let n = 0; n < 25; n++) {
			suite.simulator.holdClock(1800000000000 + n);
			added.push(...suite.simulator.addAccounts(100));
		}
		const emitted: unknown[] = [];
		const perPoll: number[] = [];
		for (let poll = 0; poll < 4; poll++) {
			const { items, error } = await trigger.poll();
			expect(error).toBeUndefined();
			perPoll.push(items?.length ?? 0);
			emitted.push(...(ids(items) ?? []));
		}
		expect(perPoll).toEqual([1000, 1000, 500, 0]);
		expect(emitted).toEqual(added.map((account) => account.id));
	});

	it('a failed poll (503 after its retries) raises the sentence, moves no cursor, and the next poll emits what was missed once', async () => {
		const trigger = await activate({ options: { maxRetries: 0 } });
		const added = suite.simulator.addAccounts(2);
		suite.simulator.failNext(1, { status: 503, body: '{"message":"maintenance"}' });
		const failed = await trigger.poll();
		expect(failed.items).toBeUndefined();
		expect(failed.error?.constructor.name).toBe('NodeApiError');
		expect(failed.error?.message).toMatch(/503|unavailable/i);
		const later = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([...added, later].map((account) => account.id));
		expect(await trigger.poll()).toEqual({});
	});

	it('an outage of three polls (connection refused) and the catch-up: every account once', async () => {
		let down = false;
		const refused = suite.credentials({ baseUrl: 'http://127.0.0.1:9' });
		const trigger = watch({ options: { maxRetries: 0 } }, () => (down ? refused : suite.credentials()));
		await trigger.activate();
		const added = [];
		down = true;
		for (let poll = 0; poll < 3; poll++) {
			added.push(suite.simulator.addAccount());
			const outcome = await trigger.poll();
			expect(outcome.error?.constructor.name).toBe('NodeApiError');
			expect(outcome.error?.message).toMatch(/could not connect|refused/i);
		}
		down = false;
		expect(ids((await trigger.poll()).items)).toEqual(added.map((account) => account.id));
		expect(await trigger.poll()).toEqual({});
	});

	it('the state survives a restart: accounts enrolled while n8n was down come out at its first poll, once', async () => {
		const trigger = await activate();
		const before = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([before.id]);
		const during = suite.simulator.addAccounts(2);
		// n8n starts again (an `init` activation keeps the watch): its first poll emits.
		const atStart = await trigger.restart();
		expect(ids(atStart.items)).toEqual(during.map((account) => account.id));
		const after = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([after.id]);
		expect(await trigger.poll()).toEqual({});
	});

	it('a restart after idle polls keeps the baseline n8n saved at activation', async () => {
		const trigger = await activate();
		await trigger.poll();
		const during = suite.simulator.addAccount();
		expect(ids((await trigger.restart()).items)).toEqual([during.id]);
	});

	it('a new activation by a user starts a new baseline: nothing from before it is emitted', async () => {
		const trigger = await activate();
		suite.simulator.addAccounts(2);
		expect(await trigger.activate('activate', trigger.saved)).toEqual({});
		expect(await trigger.poll()).toEqual({});
	});

	it('changing the Filters starts a new baseline (the state belongs to one watch)', async () => {
		const trigger = await activate();
		suite.simulator.addAccount({ userid: 'alice' });
		const changed = watch({ filters: { userId: 'alice' } });
		expect(await changed.activate('init', trigger.saved)).toEqual({});
		expect(await changed.poll()).toEqual({});
	});

	describe('against a server that answers like a real database', () => {
		it('a server clock stepped back 5 s loses no new account and repeats none, without waiting for the clock', async () => {
			suite.simulator.holdClock(1800000000000);
			const trigger = await activate();
			const before = suite.simulator.addAccount();
			expect(ids((await trigger.poll()).items)).toEqual([before.id]);
			// An NTP step, a VM restore, a fail-over: what is enrolled now is created "earlier".
			suite.simulator.holdClock(1800000000000 - 5000);
			const after = suite.simulator.addAccounts(2);
			expect(ids((await trigger.poll()).items)).toEqual(after.map((account) => account.id));
			expect(await trigger.poll()).toEqual({});
		});

		it('150 accounts of one millisecond, in a different order on every request, across pages: each once, by id', async () => {
			const trigger = await activate();
			suite.simulator.holdClock(1800000000000);
			const added = suite.simulator.addAccounts(150);
			suite.simulator.shuffleTies = 11;
			expect(ids((await trigger.poll()).items)).toEqual(added.map((account) => account.id));
			expect(await trigger.poll()).toEqual({});
		});

		it('accounts deleted and enrolled between two pages of a poll: each new one once', async () => {
			const trigger = await activate({ options: { maxEventsPerPoll: 10_000 } });
			const added = suite.simulator.addAccounts(250);
			const late: Array<{ id: number }> = [];
			// Between the pages: 30 of the first page's accounts deleted, 5 enrolled in front of them.
			suite.simulator.changeAfterAnswers(1, () => {
				for (const account of added.slice(-40, -10)) suite.simulator.removeAccount(account.id);
				late.push(...suite.simulator.addAccounts(5));
			});
			// The deleted ones were read before their deletion: they were enrolled, so they count. The
			// ones enrolled during the poll came in front of the part read: the next poll has them.
			expect(ids((await trigger.poll()).items)).toEqual(added.map((account) => account.id));
			expect(ids((await trigger.poll()).items)).toEqual(late.map((account) => account.id));
			expect(await trigger.poll()).toEqual({});
		});

		it('an id below the highest that was not there before (ids not from a sequence): found, and the watch goes by creation time from then on', async () => {
			suite.simulator.holdClock(1800000000000);
			suite.simulator.removeAccount(3);
			const trigger = await activate();
			expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { top: ['1-2', '4'] } });
			const server = suite.simulator.serverState(Object.keys(suite.simulator.fixture.servers)[0]);
			suite.simulator.holdClock(1800000000010);
			// A server that fills the gaps of its ids: a new account gets 3.
			server.accounts.push({ id: 3, description: 'Gap filled', userid: 'bob', blocked: false, created: 1800000000010 });
			expect(ids((await trigger.poll()).items)).toEqual([3]);
			expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { by: 'created' } });
			const next = suite.simulator.addAccount();
			expect(ids((await trigger.poll()).items)).toEqual([next.id]);
			expect(await trigger.poll()).toEqual({});
		});

		it('a watch saved by version 1 of the state goes on after an upgrade: nothing replayed, nothing lost, then by id', async () => {
			const trigger = await activate();
			const [key] = Object.keys(trigger.saved);
			const { scope } = (trigger.saved[key] as { nextAuthTrigger: { scope: string } }).nextAuthTrigger;
			// What version 1 wrote at this activation: the newest creation time and the ids at it.
			trigger.saved = {
				[key]: { nextAuthTrigger: { version: 1, scope, state: { cursor: { at: '1700000300000', ids: ['4'] } } } },
			};
			const during = suite.simulator.addAccounts(2);
			expect(ids((await trigger.restart()).items)).toEqual(during.map((account) => account.id));
			expect(trigger.staticData.nextAuthTrigger).toMatchObject({ version: 2, state: { by: 'id' } });
			expect(await trigger.poll()).toEqual({});
			suite.simulator.holdClock(1600000000000);
			const after = suite.simulator.addAccount();
			expect(ids((await trigger.poll()).items)).toEqual([after.id]);
		});

		it('after an upgrade, a burst over Max Events per Poll is carried over by creation time, then by id', async () => {
			const trigger = await activate({ options: { maxEventsPerPoll: 2 } });
			const [key] = Object.keys(trigger.saved);
			const { scope } = (trigger.saved[key] as { nextAuthTrigger: { scope: string } }).nextAuthTrigger;
			trigger.saved = {
				[key]: { nextAuthTrigger: { version: 1, scope, state: { cursor: { at: '1700000300000', ids: ['4'] } } } },
			};
			const during = suite.simulator.addAccounts(5);
			const emitted = [ids((await trigger.restart()).items)];
			for (let poll = 0; poll < 3; poll++) emitted.push(ids((await trigger.poll()).items));
			expect(emitted).toEqual(
				[during.slice(0, 2), during.slice(2, 4), during.slice(4), undefined].map((part) =>
					part?.map((account) => account.id),
				),
			);
			expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { by: 'id' } });
		});
	});
});
