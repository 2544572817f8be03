/**
 * The watch by timestamp (timestampWatch.ts) as Account Login runs it in n8n's engine: the ids
 * kept at the cursor's timestamp, the server time a watch with filters measures against, and
 * the sample found past the first page.
 */
import { fetchTestEvent, useTriggerSuite } from '../../../harness/pollTrigger';

describe('NextAuth Trigger: the watch by timestamp', () => {
	const { suite, activate } = useTriggerSuite('accountLogin');
	const ids = (items: Array<{ json: Record<string, unknown> }> | undefined) => items?.map(({ json }) => json.id);
	const T = 1800000000000;

	it('keeps the ids of the newest timestamp only: an account that logs in again at it is seen', async () => {
		const trigger = await activate();
		suite.simulator.holdClock(T);
		suite.simulator.logAccountIn(1);
		suite.simulator.holdClock(T + 1);
		suite.simulator.logAccountIn(2);
		expect(ids((await trigger.poll()).items)).toEqual([1, 2]);
		suite.simulator.logAccountIn(1);
		expect(ids((await trigger.poll()).items)).toEqual([1]);
		suite.simulator.holdClock(T + 2);
		suite.simulator.logAccountIn(3);
		expect(ids((await trigger.poll()).items)).toEqual([3]);
		suite.simulator.logAccountIn(2);
		expect(ids((await trigger.poll()).items)).toEqual([2]);
	});

	it('with filters, a login at the very time of the read before is an event', async () => {
		suite.simulator.holdClock(T);
		const trigger = await activate({ filters: { userId: 'alice' } });
		expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { since: String(T) } });
		suite.simulator.logAccountIn(1);
		expect(ids((await trigger.poll()).items)).toEqual([1]);
	});

	it('events put off keep the time they are measured against; once all are out, the read moves it on', async () => {
		suite.simulator.holdClock(T);
		const trigger = await activate({ filters: { userId: 'alice' }, options: { maxEventsPerPoll: 1 } });
		suite.simulator.holdClock(T + 5000);
		suite.simulator.logAccountIn(1);
		suite.simulator.logAccountIn(2);
		expect(ids((await trigger.poll()).items)).toEqual([1]);
		expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { since: String(T) } });
		expect(ids((await trigger.poll()).items)).toEqual([2]);
		expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { since: String(T + 5000) } });
	});

	it('passes the logins of accounts the list gives but the User ID leaves out', async () => {
		const trigger = await activate({ filters: { filter: 'group=in:admins,ops', userId: 'alice' } });
		suite.simulator.holdClock(T);
		suite.simulator.logAccountIn(3);
		expect(await trigger.poll()).toEqual({});
		expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { cursor: { at: String(T), ids: ['3'] } } });
	});

	it('Fetch Test Event finds the newest matching login past the first page', async () => {
		suite.simulator.addBulkAccounts(600);
		for (let n = 0; n < 10; n++) suite.simulator.setUserAttribute(`bulk-${n}`, 'group', 'ops');
		suite.simulator.holdClock(1600000000000);
		suite.simulator.logAccountIn(2);
		const parameters = { event: 'accountLogin', filters: { filter: 'group=in:admins,ops', userId: 'alice' } };
		const [items] = (await fetchTestEvent(suite.engine, parameters, suite.credentials())) ?? [];
		expect(items.map((item) => [item.json.id, item.json.event])).toEqual([[2, 'accountLogin']]);
		// The simulator's pages are shorter than asked: alice's login is on the last of them.
		expect(suite.simulator.requests.length).toBeGreaterThan(1);
	});
});
