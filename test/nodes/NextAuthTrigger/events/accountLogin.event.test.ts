/** Account Login in n8n's engine: `lastlogin` moving on is a login, a first login included; ties by id; the cap carries over. */
import { useTriggerSuite } from '../../../harness/pollTrigger';
import { SERVER_PATH } from '../../../harness/suite';

describe('NextAuth Trigger › Account Login', () => {
	const { suite, activate } = useTriggerSuite('accountLogin');
	const logins = (items: { json: { id?: unknown; lastlogin?: unknown; event?: unknown } }[] | undefined) =>
		items?.map(({ json }) => [json.id, json.lastlogin, json.event]);

	it('reads newest login first; nobody logged in yet is a baseline of null; a first login is a login', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => request.query.sort)).toEqual(['lastlogin:desc']);
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
});
