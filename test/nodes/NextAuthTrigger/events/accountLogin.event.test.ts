/** Account Login in n8n's engine: `lastlogin` moving on is a login, a first login included; ties by id; the cap carries over. */
import { useTriggerSuite } from '../../../harness/pollTrigger';
import { SERVER_PATH } from '../../../harness/suite';

describe('NextAuth Trigger › Account Login', () => {
	const { suite, activate } = useTriggerSuite('accountLogin');
	const logins = (items: { json: { id?: unknown; lastlogin?: unknown; event?: unknown } }[] | undefined) =>
		items?.map(({ json }) => [json.id, json.lastlogin, json.event]);

	it('reads newest login first; nobody logged in yet is a baseline of null; a first login is a login', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => request.query.sort)).toEqual(['lastlogin:desc,id:desc']);
		expect(suite.simulator.requests[0].path).toBe(`${SERVER_PATH}/accounts/`);
		expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { cursor: { at: null, ids: [] } } });
		suite.simulator.holdClock(1800000000000);
		suite.simulator.logAccountIn(2);
		expect(logins((await trigger.poll()).items)).toEqual([[2, 1800000000000, 'accountLogin']]);
		expect(await trigger.poll()).toEqual({});
	});

	it('two logins of one account between polls are one event (its newest); logins of one millisecond are told apart by id', async () => {
		const trigger = await activate();
		suite.simulator.holdClock(1800000000000);
		suite.simulator.logAccountIn(1);
		suite.simulator.logAccountIn(3);
		expect(logins((await trigger.poll()).items)).toEqual([
			[1, 1800000000000, 'accountLogin'],
			[3, 1800000000000, 'accountLogin'],
		]);
		suite.simulator.logAccountIn(2);
		suite.simulator.holdClock(1800000000005);
		suite.simulator.logAccountIn(1);
		suite.simulator.holdClock(1800000000009);
		suite.simulator.logAccountIn(1);
		expect(logins((await trigger.poll()).items)).toEqual([
			[2, 1800000000000, 'accountLogin'],
			[1, 1800000000009, 'accountLogin'],
		]);
		expect(await trigger.poll()).toEqual({});
	});

	it('an idle poll is one request over 1,000 accounts; Max Events per Poll carries the rest over', async () => {
		suite.simulator.addBulkAccounts(1000);
		const trigger = await activate({ options: { maxEventsPerPoll: 2 } });
		suite.simulator.clearRecords();
		expect(await trigger.poll()).toEqual({});
		expect(suite.simulator.requests).toHaveLength(1);
		suite.simulator.holdClock(1800000000000);
		for (const id of [1, 2, 3, 4, 1500]) suite.simulator.logAccountIn(id);
		const emitted = [];
		for (let poll = 0; poll < 4; poll++) emitted.push((await trigger.poll()).items?.map((item) => item.json.id) ?? []);
		expect(emitted).toEqual([[1, 2], [3, 4], [1500], []]);
	});

	describe('against a server that answers like a real database', () => {
		it('150 logins of one millisecond, in a different order on every request, across pages: each once', async () => {
			suite.simulator.addBulkAccounts(200);
			const trigger = await activate();
			suite.simulator.holdClock(1800000000000);
			const logged = Array.from({ length: 150 }, (_, n) => 1000 + n);
			for (const id of logged) suite.simulator.logAccountIn(id);
			suite.simulator.shuffleTies = 5;
			expect((await trigger.poll()).items?.map((item) => item.json.id)).toEqual(logged);
			expect(await trigger.poll()).toEqual({});
		});

		it('a server clock stepped back: logins at the earlier times come out once the clock passes the cursor, none twice, nothing worse', async () => {
			const trigger = await activate();
			suite.simulator.holdClock(1800000000000);
			suite.simulator.logAccountIn(1);
			expect(logins((await trigger.poll()).items)).toEqual([[1, 1800000000000, 'accountLogin']]);
			suite.simulator.holdClock(1800000000000 - 5000);
			suite.simulator.logAccountIn(2);
			// Behind the cursor: not seen yet, and no error.
			expect(await trigger.poll()).toEqual({});
			suite.simulator.holdClock(1800000000001);
			suite.simulator.logAccountIn(3);
			expect(logins((await trigger.poll()).items)).toEqual([[3, 1800000000001, 'accountLogin']]);
			suite.simulator.logAccountIn(2);
			expect(logins((await trigger.poll()).items)).toEqual([[2, 1800000000001, 'accountLogin']]);
			expect(await trigger.poll()).toEqual({});
		});

		it('a watch saved by version 1 of the state goes on after an upgrade', async () => {
			const trigger = await activate();
			const [key] = Object.keys(trigger.saved);
			const { scope } = (trigger.saved[key] as { nextAuthTrigger: { scope: string } }).nextAuthTrigger;
			trigger.saved = { [key]: { nextAuthTrigger: { version: 1, scope, state: { cursor: { at: null, ids: [] } } } } };
			suite.simulator.holdClock(1800000000000);
			suite.simulator.logAccountIn(2);
			expect(logins((await trigger.restart()).items)).toEqual([[2, 1800000000000, 'accountLogin']]);
			expect(await trigger.poll()).toEqual({});
		});
	});
});
