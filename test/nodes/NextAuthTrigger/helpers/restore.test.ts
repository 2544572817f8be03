/**
 * What each watch takes back from the stored state (`restore`): what this version wrote, what
 * version 1 wrote (the upgrade), and nothing from any other shape, so that the next poll starts
 * over rather than reading a state it does not understand. The polls themselves are run in n8n's
 * engine (NextAuthTrigger.node.test.ts, events/).
 */
import { event as accountBlockChange } from '../../../../nodes/NextAuthTrigger/events/accountBlockChange.event';
import { event as accountLogin } from '../../../../nodes/NextAuthTrigger/events/accountLogin.event';
import { event as newAccount } from '../../../../nodes/NextAuthTrigger/events/newAccount.event';

const cursor = { at: '1700000000000', ids: ['7'] };

describe('restoring the trigger state', () => {
	it('Account Blocked or Unblocked: its state, version 1 as plain ids, nothing else', () => {
		const state = { blocked: ['3', '5-7'], known: ['1-9'], highest: '9', since: '1700000000000' };
		expect(accountBlockChange.restore(state, 2)).toStrictEqual(state);
		expect(accountBlockChange.restore({ blocked: [] }, 2)).toStrictEqual({ blocked: [] });
		expect(accountBlockChange.restore({ blocked: ['7', '5', '6', 'x'] }, 1)).toStrictEqual({ blocked: ['5-7', '=x'] });
		expect(accountBlockChange.restore({ blocked: [5] }, 1)).toBeUndefined();
		expect(accountBlockChange.restore(undefined, 1)).toBeUndefined();
		for (const broken of [
			undefined,
			null,
			{},
			{ blocked: ['7-5'] },
			{ ...state, known: ['x='] },
			{ ...state, highest: 9 },
			{ ...state, highest: '' },
			{ ...state, since: 'yesterday' },
		]) {
			expect(accountBlockChange.restore(broken, 2)).toBeUndefined();
		}
	});

	it('New Account: by id or by creation time, version 1 goes on by creation time and learns the ids', () => {
		const state = { by: 'id', top: ['90-99'], cursor };
		expect(newAccount.restore(state, 2)).toStrictEqual(state);
		expect(newAccount.restore({ ...state, by: 'created' }, 2)).toStrictEqual({ ...state, by: 'created' });
		expect(newAccount.restore({ ...state, learnIds: true }, 2)).toStrictEqual({ ...state, learnIds: true });
		expect(newAccount.restore({ ...state, learnIds: 'yes' }, 2)).toStrictEqual(state);
		expect(newAccount.restore({ cursor }, 1)).toStrictEqual({ by: 'created', top: [], cursor, learnIds: true });
		expect(newAccount.restore({ cursor: { at: 'x', ids: [] } }, 1)).toBeUndefined();
		for (const broken of [
			undefined,
			{},
			{ ...state, by: 'time' },
			{ ...state, top: ['9-1'] },
			{ ...state, top: undefined },
			{ ...state, cursor: null },
		]) {
			expect(newAccount.restore(broken, 2)).toBeUndefined();
		}
	});

	it('Account Login: the cursor and, with filters, the server time of the read', () => {
		expect(accountLogin.restore({ cursor }, 2)).toStrictEqual({ cursor });
		expect(accountLogin.restore({ cursor, since: '1700000000000' }, 2)).toStrictEqual({
			cursor,
			since: '1700000000000',
		});
		expect(accountLogin.restore({ cursor }, 1)).toStrictEqual({ cursor });
		expect(accountLogin.restore({ cursor, extra: 1 }, 2)).toStrictEqual({ cursor });
		for (const broken of [
			undefined,
			{},
			{ cursor: { at: 5, ids: [] } },
			{ cursor, since: 'later' },
			{ cursor, since: '0' },
		]) {
			expect(accountLogin.restore(broken, 2)).toBeUndefined();
		}
	});
});
