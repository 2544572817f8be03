/**
 * Account Blocked or Unblocked in n8n's engine: the whole list compared with the blocked ids of the
 * poll before; accounts created or deleted between polls are no change; the cap carries over.
 */
import { useTriggerSuite } from '../../../harness/pollTrigger';

describe('NextAuth Trigger › Account Blocked or Unblocked', () => {
	const { suite, activate } = useTriggerSuite('accountBlockChange');
	const changes = (
		items: { json: { id?: unknown; blocked?: unknown; previousBlocked?: unknown; event?: unknown } }[] | undefined,
	) => items?.map(({ json }) => [json.id, json.blocked, json.previousBlocked, json.event]);

	it('keeps the blocked ids; a block and an unblock come out with previousBlocked, ordered by id', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => request.query)).toEqual([
			{ sort: 'id:asc', limit: '500', marker: '0' },
		]);
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
		expect(suite.simulator.requests.map((request) => Number(request.query.marker))).toEqual([
			0, 90, 180, 270, 360, 450, 540, 630, 720, 810, 900, 990,
		]);
	});

	it('more changes than Max Events per Poll: the rest at the next polls, none lost, none twice', async () => {
		suite.simulator.addBulkAccounts(30);
		const trigger = await activate({ options: { maxEventsPerPoll: 10 } });
		for (let id = 1000; id < 1025; id++) suite.simulator.setBlocked(id, true);
		const emitted = [];
		for (let poll = 0; poll < 4; poll++)
			emitted.push(...((await trigger.poll()).items?.map((item) => item.json.id) ?? []));
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

	describe('against a server that answers like a real database', () => {
		const saved = (trigger: { saved: object }) => JSON.stringify(trigger.saved);

		it('150 accounts of one creation time, in a different order on every request: no change is no event', async () => {
			suite.simulator.holdClock(1800000000000);
			const tied = suite.simulator.addAccounts(150);
			for (const account of tied.slice(0, 150).filter((_, n) => n % 15 === 0))
				suite.simulator.setBlocked(account.id, true);
			suite.simulator.shuffleTies = 7;
			const trigger = await activate();
			for (let poll = 0; poll < 4; poll++) expect(await trigger.poll()).toEqual({});
			suite.simulator.setBlocked(tied[0].id, false);
			expect(changes((await trigger.poll()).items)).toEqual([[tied[0].id, false, true, 'accountBlockChange']]);
		});

		it('20 accounts deleted between two pages of a read (more than the pages overlap): none skipped, the page read again', async () => {
			suite.simulator.addBulkAccounts(300);
			suite.simulator.setBlocked(1100, true);
			const trigger = await activate();
			suite.simulator.clearRecords();
			// One user's devices, all on the first page, deleted at once (as Delete Accounts does) once it is answered.
			suite.simulator.changeAfterAnswers(1, () => {
				for (let id = 1000; id < 1020; id++) suite.simulator.removeAccount(id);
			});
			expect(await trigger.poll()).toEqual({});
			// The second page did not connect to the first (it began past it): the read stepped back to the start.
			expect(suite.simulator.requests.map((request) => Number(request.query.marker))).toEqual([0, 90, 0, 90, 180, 270]);
			// Had 1100 been skipped, it would have left the blocked ids and come back as a block now.
			expect(await trigger.poll()).toEqual({});
		});

		it('a list that keeps moving under the read fails the poll with a clear error after MAX_REREADS steps back, and moves nothing', async () => {
			suite.simulator.addBulkAccounts(10_000);
			const trigger = await activate();
			const before = saved(trigger);
			// After every answer, 150 accounts at the start of the list are deleted: more than a page.
			let next = 1000;
			for (let answer = 0; answer < 40; answer++) {
				suite.simulator.changeAfterAnswers(1, () => {
					for (const end = next + 150; next < end; next++) suite.simulator.removeAccount(next);
				});
			}
			const { error, items } = await trigger.poll();
			expect(items).toBeUndefined();
			expect(error?.constructor.name).toBe('NodeApiError');
			expect(error?.message).toContain('The list of accounts kept changing while it was read (10 pages read again)');
			expect(saved(trigger)).toBe(before);
			suite.simulator.faults = [];
			expect(await trigger.poll()).toEqual({});
		});

		it('an account moved to the watched user already blocked is no block; unblocked there, it is an unblock', async () => {
			const trigger = await activate({ filters: { userId: 'alice' } });
			// Carol's phone has been blocked for long.
			suite.simulator.moveAccount(4, 'alice');
			expect(await trigger.poll()).toEqual({});
			suite.simulator.setBlocked(4, false);
			expect(changes((await trigger.poll()).items)).toEqual([[4, false, true, 'accountBlockChange']]);
		});

		it('a user given the filtered attribute brings blocked accounts into the set: no block; taken away, no unblock', async () => {
			const trigger = await activate({ filters: { filter: 'group=admins' } });
			suite.simulator.setUserAttribute('carol.smith', 'group', 'admins');
			expect(await trigger.poll()).toEqual({});
			suite.simulator.setUserAttribute('carol.smith', 'group', undefined);
			suite.simulator.setBlocked(4, false);
			expect(await trigger.poll()).toEqual({});
		});

		it('with a filter, a new account of the watched set found blocked at its first poll is still a block, after a restart too', async () => {
			const trigger = await activate({ filters: { userId: 'alice' } });
			const phone = suite.simulator.addAccount({ userid: 'alice' });
			suite.simulator.setBlocked(phone.id, true);
			expect(changes((await trigger.poll()).items)).toEqual([[phone.id, true, false, 'accountBlockChange']]);
			// Seen unblocked by a poll n8n did not save (it emitted nothing), blocked while n8n was down.
			const tablet = suite.simulator.addAccount({ userid: 'alice' });
			expect(await trigger.poll()).toEqual({});
			suite.simulator.setBlocked(tablet.id, true);
			expect(changes((await trigger.restart()).items)).toEqual([[tablet.id, true, false, 'accountBlockChange']]);
		});

		it('a watch saved by version 1 of the state goes on after an upgrade: no block replayed, none lost', async () => {
			const trigger = await activate();
			const [key] = Object.keys(trigger.saved);
			const { scope } = (trigger.saved[key] as { nextAuthTrigger: { scope: string } }).nextAuthTrigger;
			// What version 1 wrote at this activation: the blocked ids alone.
			trigger.saved = { [key]: { nextAuthTrigger: { version: 1, scope, state: { blocked: ['4'] } } } };
			suite.simulator.setBlocked(2, true);
			expect(changes((await trigger.restart()).items)).toEqual([[2, true, false, 'accountBlockChange']]);
			expect(trigger.staticData.nextAuthTrigger).toMatchObject({
				version: 2,
				state: { blocked: ['2', '4'], known: ['1-4'] },
			});
			expect(await trigger.poll()).toEqual({});
			suite.simulator.setBlocked(4, false);
			expect(changes((await trigger.poll()).items)).toEqual([[4, false, true, 'accountBlockChange']]);
		});

		it('the state of 100,000 accounts is a few runs of ids', async () => {
			suite.simulator.addBulkAccounts(100_000 - 4);
			for (const id of [1500, 1501, 1502, 90000]) suite.simulator.setBlocked(id, true);
			const trigger = await activate();
			expect(trigger.staticData.nextAuthTrigger).toMatchObject({
				state: { blocked: ['4', '1500-1502', '90000'], known: ['1-4', '1000-100995'] },
			});
		}, 60_000);
	});
});
