/**
 * The watch by id (idWatch.ts) as New Account runs it in n8n's engine: what its state keeps (the
 * highest ids, the newest creation time for the fall-back), the ids below the check, and events
 * put off by Max Events per Poll.
 */
import { decodeIds } from '../../../../nodes/NextAuthTrigger/helpers/state';
import { useTriggerSuite } from '../../../harness/pollTrigger';

interface NewAccountState {
	by: string;
	top: string[];
	cursor: { at: string | null; ids: string[] };
}

describe('NextAuth Trigger: the watch by id', () => {
	const { suite, activate } = useTriggerSuite('newAccount');
	const ids = (items: Array<{ json: Record<string, unknown> }> | undefined) => items?.map(({ json }) => json.id);
	const stateOf = (trigger: { staticData: Record<string, unknown> }) =>
		(trigger.staticData.nextAuthTrigger as { state: NewAccountState }).state;
	const T = 1800000000000;
	let afterTest: (() => void) | undefined;
	afterEach(() => {
		afterTest?.();
		afterTest = undefined;
	});

	it('keeps the 100 highest ids; ids below them that it never kept are no sign of a new account', async () => {
		suite.simulator.addBulkAccounts(150);
		// One page holds the whole list: the poll reads the ids below the 100 it kept too.
		const pageSize = suite.simulator.maxPageSize;
		suite.simulator.maxPageSize = 500;
		afterTest = () => void (suite.simulator.maxPageSize = pageSize);
		const trigger = await activate();
		const top = decodeIds(stateOf(trigger).top);
		expect(top.size).toBe(100);
		expect(Math.min(...[...top].map(Number))).toBe(1050);
		const added = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([added.id]);
		expect(stateOf(trigger).by).toBe('id');
		expect(decodeIds(stateOf(trigger).top).has(String(added.id))).toBe(true);
		expect(decodeIds(stateOf(trigger).top).has('1050')).toBe(false);
	});

	it('keeps the newest creation time read and the ids at it, never an older one', async () => {
		const trigger = await activate();
		suite.simulator.holdClock(T);
		const [first, second] = suite.simulator.addAccounts(2);
		expect(ids((await trigger.poll()).items)).toEqual([first.id, second.id]);
		expect(stateOf(trigger).cursor).toEqual({ at: String(T), ids: [String(first.id), String(second.id)] });
		suite.simulator.holdClock(T - 1000);
		const older = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([older.id]);
		expect(stateOf(trigger).cursor).toEqual({ at: String(T), ids: [String(first.id), String(second.id)] });
		suite.simulator.holdClock(T + 1000);
		const newer = suite.simulator.addAccount();
		expect(ids((await trigger.poll()).items)).toEqual([newer.id]);
		expect(stateOf(trigger).cursor).toEqual({ at: String(T + 1000), ids: [String(newer.id)] });
	});

	it('puts off what is over Max Events per Poll, in id order, and loses nothing', async () => {
		const trigger = await activate({ options: { maxEventsPerPoll: 1 } });
		suite.simulator.holdClock(T);
		const added = suite.simulator.addAccounts(3);
		expect(ids((await trigger.poll()).items)).toEqual([added[0].id]);
		expect(stateOf(trigger).cursor).toEqual({ at: String(T), ids: [String(added[0].id)] });
		expect(decodeIds(stateOf(trigger).top).has(String(added[1].id))).toBe(false);
		expect(ids((await trigger.poll()).items)).toEqual([added[1].id]);
		expect(ids((await trigger.poll()).items)).toEqual([added[2].id]);
		expect(await trigger.poll()).toEqual({});
	});
});
