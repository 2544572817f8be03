/**
 * The watched set as the Filters select it (accounts.ts), in n8n's engine against the simulator:
 * empty Filters, the labels the trigger's sentences name the set by, the permission a User ID
 * watch needs, and which accounts the block watch takes as new once filters let accounts enter
 * the set (blockWatch.ts).
 */
import type { INodeParameters } from 'n8n-workflow';

import { fetchTestEvent, useTriggerSuite } from '../../../harness/pollTrigger';
import { SERVER_PATH } from '../../../harness/suite';
import { KEYS } from '../../../simulator';

describe('NextAuth Trigger: the watched accounts', () => {
	const { suite, watch } = useTriggerSuite('newAccount');
	const trigger = (parameters: object, credentials = () => suite.credentials()) =>
		watch(parameters as INodeParameters, credentials);
	const sample = async (parameters: object) =>
		await fetchTestEvent(suite.engine, parameters as never, suite.credentials());
	const blocks = (items: Array<{ json: Record<string, unknown> }> | undefined) =>
		items?.map(({ json }) => [json.id, json.blocked, json.previousBlocked]);

	it('empty Filters are no Filters: the account list without a filter', async () => {
		await trigger({ filters: { userId: '', filter: '' } }).activate();
		expect(suite.simulator.requests.map((request) => [request.path, request.query])).toEqual([
			[`${SERVER_PATH}/accounts/`, { sort: 'id:desc', limit: '500', marker: '0' }],
			[`${SERVER_PATH}/accounts/`, { sort: 'created:desc,id:desc', limit: '500', marker: '0' }],
		]);
	});

	it('names the watched accounts by the Filters in its sentences', async () => {
		await expect(sample({ event: 'newAccount', filters: { filter: 'group=nobody', userId: 'bob' } })).rejects.toThrow(
			'There are no accounts matching group=nobody of user "bob" yet: enrol a device, then fetch again',
		);
		await expect(sample({ event: 'accountLogin', filters: { userId: 'bob' } })).rejects.toThrow(
			'None of the accounts of user "bob" has logged in yet: log in with one, then fetch again',
		);
		await expect(sample({ event: 'accountBlockChange', filters: { filter: 'group=nobody' } })).rejects.toThrow(
			'There are no accounts matching group=nobody yet: enrol a device, then fetch again',
		);
	});

	it("a User ID watch reads the user's list: a key without sessions or users gets a 403 naming both", async () => {
		await expect(
			trigger({ filters: { userId: 'bob' } }, () => suite.credentials({ apiKey: KEYS.none })).activate(),
		).rejects.toThrow("'sessions or users'");
	});

	describe('Account Blocked or Unblocked, with filters', () => {
		const admins = { event: 'accountBlockChange', filters: { filter: 'group=admins' } };

		it('an account that enters the watched set already blocked is no block', async () => {
			suite.simulator.setBlocked(3, true);
			const watching = trigger(admins);
			await watching.activate();
			suite.simulator.setUserAttribute('bob', 'group', 'admins');
			expect(await watching.poll()).toEqual({});
			suite.simulator.setBlocked(3, false);
			expect(blocks((await watching.poll()).items)).toEqual([[3, false, true]]);
		});

		it('a new account found blocked is a block, also when it was created at the very time of the read before', async () => {
			suite.simulator.holdClock(1800000000000);
			const watching = trigger(admins);
			await watching.activate();
			const account = suite.simulator.addAccount({ userid: 'alice', blocked: true });
			expect(account.created).toBe(1800000000000);
			expect(blocks((await watching.poll()).items)).toEqual([[account.id, true, false]]);
		});

		it('an account below the highest id the set had is one that entered it, whenever it was created', async () => {
			// The server's clock stood at 1000 at the first read: every account was created after it.
			suite.simulator.holdClock(1000);
			const highest = suite.simulator.addAccount({ userid: 'alice' });
			suite.simulator.setBlocked(3, true);
			const watching = trigger(admins);
			await watching.activate();
			suite.simulator.setUserAttribute('bob', 'group', 'admins');
			expect(await watching.poll()).toEqual({});
			// The highest account itself leaves the set, is blocked and comes back: no new account either.
			suite.simulator.moveAccount(highest.id, 'bob2');
			expect(await watching.poll()).toEqual({});
			suite.simulator.setBlocked(highest.id, true);
			suite.simulator.moveAccount(highest.id, 'alice');
			expect(await watching.poll()).toEqual({});
		});
	});

	it('Account Blocked or Unblocked without filters: every account not seen before is new, even one dated before the read', async () => {
		const watching = trigger({ event: 'accountBlockChange' });
		await watching.activate();
		suite.simulator.holdClock(1600000000000);
		const account = suite.simulator.addAccount({ blocked: true });
		expect(blocks((await watching.poll()).items)).toEqual([[account.id, true, false]]);
	});
});

describe('NextAuth Trigger: Account Blocked or Unblocked, its state and sample', () => {
	const { suite, watch } = useTriggerSuite('accountBlockChange');
	const sample = async (parameters: object) =>
		await fetchTestEvent(suite.engine, parameters as never, suite.credentials());
	const blocks = (items: Array<{ json: Record<string, unknown> }> | undefined) =>
		items?.map(({ json }) => [json.id, json.blocked, json.previousBlocked]);
	const aliceAmongAdminsAndOps = { filters: { filter: 'group=in:admins,ops', userId: 'alice' } };

	it('keeps the highest id of the watched set, and none while the set is empty', async () => {
		const all = watch();
		await all.activate();
		expect(all.staticData.nextAuthTrigger).toMatchObject({ state: { highest: '4', known: ['1-4'], blocked: ['4'] } });
		const nobody = watch({ filters: { filter: 'group=nobody' } });
		await nobody.activate();
		expect(Object.keys((nobody.staticData.nextAuthTrigger as { state: object }).state).sort()).toEqual([
			'blocked',
			'known',
			'since',
		]);
	});

	it('with a User ID beside the Attribute Filter, accounts of other users in the list are not watched', async () => {
		const alice = watch(aliceAmongAdminsAndOps);
		await alice.activate();
		suite.simulator.setBlocked(3, true);
		expect(await alice.poll()).toEqual({});
		suite.simulator.setBlocked(2, true);
		expect(blocks((await alice.poll()).items)).toEqual([[2, true, false]]);
	});

	it('Fetch Test Event: the newest blocked account of the set, else the newest account as unblocked', async () => {
		suite.simulator.setBlocked(4, false);
		suite.simulator.setBlocked(2, true);
		const [blocked] = (await sample({ event: 'accountBlockChange' })) ?? [];
		expect(blocks(blocked)).toEqual([[2, true, false]]);
		suite.simulator.setBlocked(2, false);
		suite.simulator.setBlocked(3, true);
		const [newest] = (await sample({ event: 'accountBlockChange', ...aliceAmongAdminsAndOps })) ?? [];
		expect(blocks(newest)).toEqual([[2, false, true]]);
	});
});

describe('NextAuth Trigger: reading the list', () => {
	const { suite, watch } = useTriggerSuite('accountLogin');

	/** The next `count` answers as the server gives them, without a Date header. */
	const withoutDate = (count: number) => {
		for (let n = 0; n < count; n++) {
			suite.simulator.failNext(1, {
				kind: 'respond',
				respond: async ({ res, record, realAnswer }) => {
					const answer = await realAnswer();
					res.removeHeader('date');
					res.sendDate = false;
					record.status = answer.status;
					res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
					res.end(answer.body);
				},
			});
		}
	};

	it("without a Date header, the server's time is the newest timestamp it showed", async () => {
		suite.simulator.holdClock(1800000000000);
		suite.simulator.logAccountIn(3);
		suite.simulator.holdClock(1900000000000);
		withoutDate(1);
		const bob = watch({ filters: { userId: 'bob' } });
		await bob.activate();
		expect(bob.staticData.nextAuthTrigger).toMatchObject({ state: { since: '1800000000000' } });
		const alice = watch({ filters: { userId: 'alice' } });
		withoutDate(1);
		await alice.activate();
		// Alice's newest timestamp is account 2's creation.
		expect(alice.staticData.nextAuthTrigger).toMatchObject({ state: { since: '1700000100000' } });
		withoutDate(1);
		suite.simulator.logAccountIn(1);
		expect((await alice.poll()).items?.map((item) => item.json.id)).toEqual([1]);
		expect(alice.staticData.nextAuthTrigger).toMatchObject({ state: { since: '1900000000000' } });
	});

	it("with a Date header, the server's time is the Date, even where a timestamp is ahead of it", async () => {
		suite.simulator.holdClock(1900000000000);
		suite.simulator.logAccountIn(3);
		suite.simulator.holdClock(1800000000000);
		const bob = watch({ filters: { userId: 'bob' } });
		await bob.activate();
		expect(bob.staticData.nextAuthTrigger).toMatchObject({ state: { since: '1800000000000' } });
	});

	/** The ids of the lowest `count` accounts, removed from the server. */
	const removeLowest = (count: number) => {
		const server = suite.simulator.serverState(Object.keys(suite.simulator.fixture.servers)[0]);
		for (const { id } of [...server.accounts].sort((a, b) => a.id - b.id).slice(0, count))
			suite.simulator.removeAccount(id);
	};

	it('a list that shrinks under the read (an empty page where more was expected) is read again from its start', async () => {
		suite.simulator.addBulkAccounts(146);
		let removed = false;
		suite.simulator.afterAnswer = () => {
			if (removed) return;
			removed = true;
			removeLowest(120);
		};
		try {
			await watch({ event: 'accountBlockChange' }).activate();
		} finally {
			suite.simulator.afterAnswer = undefined;
		}
		expect(suite.simulator.requests.map((request) => request.query.marker)).toEqual(['0', '90', '0']);
	});

	it('steps back at most 10 times in one read: the tenth time it still reads on, the eleventh it stops', async () => {
		const moving = async (steps: number) => {
			suite.simulator.resetWorld();
			suite.simulator.clearRecords();
			suite.simulator.addBulkAccounts(346);
			let removals = 0;
			// After each answer from the list's start, the lowest 20 accounts go: the next page does not connect.
			suite.simulator.afterAnswer = (record) => {
				if (record.query.marker !== '0' || removals === steps) return;
				removals++;
				removeLowest(20);
			};
			try {
				return await watch({ event: 'accountBlockChange' }).activate();
			} finally {
				suite.simulator.afterAnswer = undefined;
			}
		};
		await moving(10);
		expect(suite.simulator.requests.filter((request) => request.query.marker === '0')).toHaveLength(11);
		await expect(moving(11)).rejects.toThrow(
			'The list of accounts kept changing while it was read (10 pages read again)',
		);
	});

	it('stops at 100,000 accounts in one poll, with a sentence that says how to narrow the list', async () => {
		suite.simulator.addBulkAccounts(99_997);
		const pageSize = suite.simulator.maxPageSize;
		suite.simulator.maxPageSize = 500;
		try {
			await expect(watch({ event: 'accountBlockChange' }).activate()).rejects.toThrow(
				'There are more than 100,000 accounts to read in one poll: narrow them with Filters',
			);
		} finally {
			suite.simulator.maxPageSize = pageSize;
		}
	});

	it('without a total, reads on until a page holds no more than the part it reads again', async () => {
		suite.simulator.addBulkAccounts(146);
		suite.simulator.listStyle.withoutTotal = true;
		await watch({ event: 'accountBlockChange' }).activate();
		// Pages of 100 (the simulator's most), each reading the last 10 of the one before again.
		expect(suite.simulator.requests.map((request) => request.query.marker)).toEqual(['0', '90', '140']);
	});

	it("the server's time is that of the first page of a read", async () => {
		suite.simulator.holdClock(1800000000000);
		suite.simulator.addBulkAccounts(146);
		suite.simulator.changeAfterAnswers(1, () => suite.simulator.holdClock(1800000060000));
		const blocks = watch({ event: 'accountBlockChange' });
		await blocks.activate();
		expect(suite.simulator.requests).toHaveLength(2);
		expect(blocks.staticData.nextAuthTrigger).toMatchObject({ state: { since: '1800000000000' } });
	});

	it('a page that holds one account twice is not in the order asked for', async () => {
		const all = watch();
		await all.activate();
		suite.simulator.failNext(1, {
			status: 200,
			body: JSON.stringify({
				accounts: [
					{ id: 2, lastlogin: 5 },
					{ id: 2, lastlogin: 5 },
				],
			}),
		});
		const { error } = await all.poll();
		expect(error?.message).toContain('did not sort the list by lastlogin:desc,id:desc as asked');
	});

	it('stops at 64 MB of answers in one poll, with a sentence that says how to narrow the list', async () => {
		suite.simulator.addBulkAccounts(7500);
		for (const account of suite.simulator.serverState(Object.keys(suite.simulator.fixture.servers)[0]).accounts) {
			account.description = 'd'.repeat(9000);
		}
		await expect(watch({ event: 'accountBlockChange' }).activate()).rejects.toThrow(
			'The list of accounts is larger than 64 MB, the most one poll reads: narrow it with Filters',
		);
	});
});
