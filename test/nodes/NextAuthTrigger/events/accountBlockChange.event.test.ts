/**
 * Account Blocked or Unblocked in n8n's engine: the whole list compared with the blocked ids of the
 * poll before; accounts created or deleted between polls are no change; the cap carries over.
 */
import { useTriggerSuite } from '../../../harness/pollTrigger';

describe('NextAuth Trigger › Account Blocked or Unblocked', () => {
	const { suite, activate } = useTriggerSuite('accountBlockChange');
	const changes = (items: { json: { id?: unknown; blocked?: unknown; previousBlocked?: unknown; event?: unknown } }[] | undefined) =>
		items?.map(({ json }) => [json.id, json.blocked, json.previousBlocked, json.event]);

	it('keeps the blocked ids; a block and an unblock come out with previousBlocked, ordered by id', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => request.query)).toEqual([{ sort: 'created:asc', limit: '500', marker: '0' }]);
		expect(trigger.staticData.nextAuthTrigger).toMatchObject({ state: { blocked: ['4'] } });
		suite.simulator.setBlocked(4, false);
		suite.simulator.setBlocked(2, true);
		expect(changes((await trigger.poll()).items)).toEqual([
			[2, true, false, 'accountBlockChange'],
			[4, false, true, 'accountBlockChange'],
		]);
		expect(await trigger.poll()).toEqual({});
	});

	it('a new account unblocked, or a blocked one deleted, is no event; a block undone between polls is none; a new account found blocked is a block', async () => {
		const trigger = await activate();
		suite.simulator.addAccount();
		suite.simulator.removeAccount(4);
		suite.simulator.setBlocked(1, true);
		suite.simulator.setBlocked(1, false);
		expect(await trigger.poll()).toEqual({});
		// nextAuth enrols accounts unblocked: one found blocked was blocked after its enrolment.
		const blockedSoon = suite.simulator.addAccount();
		suite.simulator.setBlocked(blockedSoon.id, true);
		expect(changes((await trigger.poll()).items)).toEqual([[blockedSoon.id, true, false, 'accountBlockChange']]);
		expect(await trigger.poll()).toEqual({});
	});

	it('reads every page of the list each poll (1,004 accounts, 100 a page, pages overlapping by 10)', async () => {
		suite.simulator.addBulkAccounts(1000);
		const trigger = await activate();
		suite.simulator.clearRecords();
		suite.simulator.setBlocked(1999, true);
		expect(changes((await trigger.poll()).items)).toEqual([[1999, true, false, 'accountBlockChange']]);
		expect(suite.simulator.requests.map((request) => Number(request.query.marker))).toEqual([0, 90, 180, 270, 360, 450, 540, 630, 720, 810, 900, 990]);
	});

	it('more changes than Max Events per Poll: the rest at the next polls, none lost, none twice', async () => {
		suite.simulator.addBulkAccounts(30);
		const trigger = await activate({ options: { maxEventsPerPoll: 10 } });
		for (let id = 1000; id < 1025; id++) suite.simulator.setBlocked(id, true);
		const emitted = [];
		for (let poll = 0; poll < 4; poll++) emitted.push(...((await trigger.poll()).items?.map((item) => item.json.id) ?? []));
		expect(emitted).toEqual(Array.from({ length: 25 }, (_, n) => 1000 + n));
		// A deferred change undone before its poll is no event.
		for (let id = 1000; id < 1015; id++) suite.simulator.setBlocked(id, false);
		const first = await trigger.poll();
		expect(first.items).toHaveLength(10);
		for (let id = 1010; id < 1015; id++) suite.simulator.setBlocked(id, true);
		expect(await trigger.poll()).toEqual({});
	});

	it('a block made while n8n was down, of an account enrolled after the last emitting poll, comes out at the start', async () => {
		// n8n saves the static data at activation and with each poll that emits: the poll that saw
		// the new account emitted nothing, so the state n8n starts from does not know it.
		const trigger = await activate();
		const enrolled = suite.simulator.addAccount();
		expect(await trigger.poll()).toEqual({});
		suite.simulator.setBlocked(enrolled.id, true);
		const atStart = await trigger.restart();
		expect(changes(atStart.items)).toEqual([[enrolled.id, true, false, 'accountBlockChange']]);
		expect(await trigger.poll()).toEqual({});
	});

	it('after a restart, a new account n8n did not save is known again as it is: unblocked, no event; blocked then unblocked, no event', async () => {
		const trigger = await activate();
		suite.simulator.addAccount();
		const other = suite.simulator.addAccount();
		expect(await trigger.poll()).toEqual({});
		suite.simulator.setBlocked(other.id, true);
		suite.simulator.setBlocked(other.id, false);
		expect(await trigger.restart()).toEqual({});
		expect(await trigger.poll()).toEqual({});
	});
});
