/**
 * The NextAuth Trigger as n8n runs it: Fetch Test Event (manual mode), errors as n8n's error
 * classes with the package's sentences (a failed activation included), checks before any request,
 * Filters on the wire, overlapping polls, and answers it must not trust.
 */
import type { INodeParameters } from 'n8n-workflow';

import { fetchTestEvent, useTriggerSuite } from '../../harness/pollTrigger';
import { SERVER_PATH } from '../../harness/suite';
import { KEYS } from '../../simulator';

describe('NextAuth Trigger', () => {
	const { suite, watch } = useTriggerSuite('newAccount');
	const trigger = (parameters: object, credentials = () => suite.credentials()) =>
		watch(parameters as INodeParameters, credentials);
	const sample = async (parameters: object) =>
		await fetchTestEvent(suite.engine, parameters as never, suite.credentials());

	describe('Fetch Test Event', () => {
		it('gives the newest matching account of each event at once, as one item, and keeps no state', async () => {
			const [newest] = (await sample({ event: 'newAccount' })) ?? [];
			expect(newest.map((item) => item.json)).toEqual([
				{
					...suite.simulator.serverState(Object.keys(suite.simulator.fixture.servers)[0]).accounts[3],
					event: 'newAccount',
				},
			]);
			expect(suite.simulator.requests.map((request) => request.query)).toEqual([
				{ sort: 'id:desc', limit: '500', marker: '0' },
			]);

			suite.simulator.holdClock(1800000000000);
			suite.simulator.logAccountIn(2);
			const [login] = (await sample({ event: 'accountLogin' })) ?? [];
			expect(login.map((item) => [item.json.id, item.json.event])).toEqual([[2, 'accountLogin']]);

			const [block] = (await sample({ event: 'accountBlockChange' })) ?? [];
			expect(block.map((item) => [item.json.id, item.json.blocked, item.json.previousBlocked])).toEqual([
				[4, true, false],
			]);
			suite.simulator.setBlocked(4, false);
			const [unblocked] = (await sample({ event: 'accountBlockChange' })) ?? [];
			expect(unblocked.map((item) => [item.json.id, item.json.blocked, item.json.previousBlocked])).toEqual([
				[4, false, true],
			]);
		});

		it('says so clearly when there is nothing to show', async () => {
			await expect(sample({ event: 'accountLogin' })).rejects.toThrow(
				'None of the accounts has logged in yet: log in with one, then fetch again',
			);
			await expect(sample({ event: 'newAccount', filters: { filter: 'group=nobody' } })).rejects.toThrow(
				'There are no accounts matching group=nobody yet: enrol a device, then fetch again',
			);
		});
	});

	describe('Filters on the wire', () => {
		it('are shown for the account events only; values kept from an earlier choice do not count for the others', async () => {
			const filters = suite.engine
				.nodeType('nextAuthTrigger')
				.description.properties.find((property) => property.name === 'filters');
			expect(filters?.displayOptions).toEqual({
				show: { event: ['newAccount', 'accountLogin', 'accountBlockChange'] },
			});
			const permissions = trigger({ event: 'permissionChange', filters: { filter: 'not a filter', userId: '..' } });
			await permissions.activate();
			expect(suite.simulator.requests.map((request) => request.url)).toEqual([`${SERVER_PATH}/permissions/`]);
			const accounts = trigger({ event: 'newAccount', filters: { filter: 'not a filter' } });
			await expect(accounts.activate()).rejects.toThrow('Attribute Filter: must look like attribute=value');
		});

		it("User ID alone reads that user's own list; Attribute Filter goes to the account list as filter", async () => {
			await trigger({ filters: { userId: 'dave/ops' } }).activate();
			await trigger({ filters: { filter: 'group=in:admins,ops' } }).activate();
			expect(suite.simulator.requests.map((request) => [request.path, request.query])).toEqual([
				[`${SERVER_PATH}/users/dave%2Fops/accounts`, { sort: 'id:desc', limit: '500', marker: '0' }],
				[`${SERVER_PATH}/users/dave%2Fops/accounts`, { sort: 'created:desc,id:desc', limit: '500', marker: '0' }],
				[`${SERVER_PATH}/accounts/`, { filter: 'group=in:admins,ops', sort: 'id:desc', limit: '500', marker: '0' }],
				[
					`${SERVER_PATH}/accounts/`,
					{ filter: 'group=in:admins,ops', sort: 'created:desc,id:desc', limit: '500', marker: '0' },
				],
			]);
		});

		it("the attribute filter selects by the user's attributes; with a User ID too, both must match", async () => {
			const watch = trigger({ filters: { filter: 'group=in:admins,ops', userId: 'alice' } });
			await watch.activate();
			const bob = suite.simulator.addAccount({ userid: 'bob' });
			const alice = suite.simulator.addAccount({ userid: 'alice' });
			suite.simulator.addAccount({ userid: 'carol.smith' });
			expect((await watch.poll()).items?.map((item) => item.json.id)).toEqual([alice.id]);
			expect(bob.id).toBeLessThan(alice.id);
			const admins = trigger({ filters: { filter: 'group=in:admins,ops' } });
			await admins.activate();
			const [next] = [
				suite.simulator.addAccount({ userid: 'bob' }),
				suite.simulator.addAccount({ userid: 'carol.smith' }),
			];
			expect((await admins.poll()).items?.map((item) => item.json.id)).toEqual([next.id]);
		});
	});

	describe('errors', () => {
		it("a wrong API key fails the activation with the package's sentence, as a NodeApiError", async () => {
			const watch = trigger({}, () => suite.credentials({ apiKey: 'wrong-key' }));
			const failure = await watch.activate().then(
				() => undefined,
				(error: Error) => error,
			);
			expect(failure?.constructor.name).toBe('NodeApiError');
			expect(failure?.message).toMatch(/API key/i);
		});

		it('a key without the accounts permission: 403 naming it; an unknown user: 404 naming the field', async () => {
			await expect(trigger({}, () => suite.credentials({ apiKey: KEYS.sessions })).activate()).rejects.toThrow(
				/accounts/,
			);
			await expect(trigger({ filters: { userId: 'nobody' } }).activate()).rejects.toThrow(
				'There is no user "nobody" on this server (Filters › User ID)',
			);
		});

		it('refuses bad values before any request, naming the field', async () => {
			await expect(trigger({ filters: { filter: 'not a filter' } }).activate()).rejects.toThrow(
				'Attribute Filter: must look like attribute=value',
			);
			await expect(trigger({ options: { maxEventsPerPoll: 0 } }).activate()).rejects.toThrow(
				'Max Events per Poll: must be a whole number from 1 to 10000',
			);
			await expect(trigger({ filters: { userId: '..' } }).activate()).rejects.toThrow(
				'User ID: ".." is not a valid ID',
			);
			await expect(trigger({ event: 'everything' }).activate()).rejects.toThrow(
				'Event: must be one of newAccount, accountLogin, accountBlockChange',
			);
			// Names every object has (from edited or imported workflow JSON) are no event either.
			for (const inherited of ['constructor', 'toString', '__proto__']) {
				await expect(trigger({ event: inherited }).activate()).rejects.toThrow(
					`Event: must be one of newAccount, accountLogin, accountBlockChange, permissionChange, apiKeyCreated, serverChange, got "${inherited}"`,
				);
			}
			await expect(trigger({ options: { timeout: -1 } }).activate()).rejects.toThrow(
				'Timeout: must be a number from 1',
			);
			expect(suite.simulator.requests).toHaveLength(0);
		});

		it('a list the server did not sort as asked ends the poll with an error, not with wrong events', async () => {
			const watch = trigger({});
			await watch.activate();
			suite.simulator.failNext(1, {
				status: 200,
				body: JSON.stringify({
					accounts: [
						{ id: 1, created: 1 },
						{ id: 2, created: 5 },
					],
				}),
			});
			const { error } = await watch.poll();
			expect(error?.message).toContain('did not sort the list by id:desc as asked');
		});

		it('a server that ignores marker ends the poll with an error instead of reading forever', async () => {
			const watch = trigger({ event: 'accountBlockChange' });
			await watch.activate();
			const page = JSON.stringify({
				accounts: Array.from({ length: 50 }, (_, n) => ({ id: n + 1, created: n + 1 })),
				totalnumber: 500,
			});
			suite.simulator.failNext(2, { status: 200, body: page });
			const { error } = await watch.poll();
			expect(error?.message).toContain('ignored marker=40');
		});
	});

	it('two polls that overlap never emit the same account twice', async () => {
		const watch = trigger({});
		await watch.activate();
		const added = suite.simulator.addAccount();
		suite.simulator.latencyMs = 300;
		await Promise.all([watch.poll(), watch.poll()]);
		await watch.poll();
		expect(watch.executions.map((items) => items.map((item) => item.json.id))).toEqual([[added.id]]);
	});

	it('an account deleted while a poll pages cannot hide another one (pages overlap)', async () => {
		suite.simulator.addBulkAccounts(300);
		// In id order the list is 1, 2, 3, 4, 1000…1299: the first page ends at 1095, account 1099 is on the second.
		suite.simulator.setBlocked(1099, true);
		const watch = trigger({ event: 'accountBlockChange' });
		await watch.activate();
		suite.simulator.setBlocked(1096, true);
		// After the first page is answered, an account on it is deleted: everything behind it moves up by one.
		suite.simulator.failNext(1, {
			kind: 'respond',
			respond: async ({ res, record, realAnswer }) => {
				const answer = await realAnswer();
				suite.simulator.removeAccount(1000);
				record.status = answer.status;
				res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
				res.end(answer.body);
			},
		});
		expect((await watch.poll()).items?.map((item) => item.json.id)).toEqual([1096]);
		// Had 1099 been skipped, it would have left the blocked ids and come back as a block now.
		expect(await watch.poll()).toEqual({});
	});

	it('a stored state this node did not write (edited, or from another version) starts a new baseline', async () => {
		const watch = trigger({});
		await watch.activate();
		const [key] = Object.keys(watch.saved);
		watch.saved = {
			[key]: {
				nextAuthTrigger: {
					...(watch.saved[key] as { nextAuthTrigger: object }).nextAuthTrigger,
					state: { cursor: 'bad' },
				},
			},
		};
		suite.simulator.addAccount();
		expect(await watch.restart()).toEqual({});
		expect(watch.staticData.nextAuthTrigger).toMatchObject({
			version: 2,
			state: { by: 'id', cursor: { ids: expect.any(Array) } },
		});
	});

	it('ids and timestamps beyond 2^53 are kept exactly, in the output and the state', async () => {
		const watch = trigger({});
		await watch.activate();
		const big =
			'{"accounts":[{"id":9007199254740993,"description":"big","created":9007199254740995},{"id":4,"created":1700000300000}],"totalnumber":2}';
		suite.simulator.failNext(1, { status: 200, body: big });
		const { items } = await watch.poll();
		expect(items?.map((item) => [item.json.id, item.json.created])).toEqual([['9007199254740993', '9007199254740995']]);
		expect(watch.staticData.nextAuthTrigger).toMatchObject({
			state: { cursor: { at: '9007199254740995', ids: ['9007199254740993'] } },
		});
	});
});
