/** The trigger's stored state: its shape checks, its scope digest and the id sets it keeps. */
import {
	decodeIds,
	encodeIds,
	highestId,
	isCursor,
	isEncodedIds,
	isIdList,
	readState,
	scopeOf,
	STATE_VERSION,
	writeState,
} from '../../../../nodes/NextAuthTrigger/helpers/state';
import { MAX_LIST_ENTRIES } from '../../../../nodes/shared/helpers/lists';

describe('trigger state helpers', () => {
	it('isIdList: an array of strings only', () => {
		expect(isIdList([])).toBe(true);
		expect(isIdList(['1', 'a'])).toBe(true);
		for (const other of ['ab', ['1', 2], [null], undefined, { length: 0 }]) expect(isIdList(other)).toBe(false);
	});

	it('isCursor: a server timestamp as decimal text (or null) and a list of ids', () => {
		expect(isCursor({ at: null, ids: [] })).toBe(true);
		expect(isCursor({ at: '1700000000000', ids: ['1', 'x'] })).toBe(true);
		for (const other of [
			null,
			'cursor',
			{ at: 1700000000000, ids: [] },
			{ at: 'soon', ids: [] },
			{ at: '0', ids: [] },
			{ at: '1700000000000' },
			{ at: '1700000000000', ids: [1] },
			{ ids: [] },
		]) {
			expect(isCursor(other)).toBe(false);
		}
	});

	it('scopeOf: 22 URL-safe characters, the same for the same parts, different for others', () => {
		const scope = scopeOf(['accountLogin', 'https://user:password@api.example', {}]);
		expect(scope).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(scope).toBe(scopeOf(['accountLogin', 'https://user:password@api.example', {}]));
		expect(scope).not.toBe(scopeOf(['accountLogin', 'https://user:password@api.example', { userId: 'bob' }]));
		expect(scope).not.toContain('password');
	});

	it('readState: the state of its own scope, with the version that wrote it; nothing for any other shape', () => {
		const staticData = {};
		writeState(staticData, 'scope-a', { cursor: 1 });
		expect(readState(staticData, 'scope-a')).toEqual({ version: STATE_VERSION, state: { cursor: 1 } });
		expect(readState(staticData, 'scope-b')).toBeUndefined();
		expect(readState({}, 'scope-a')).toBeUndefined();
		expect(readState({ nextAuthTrigger: null }, 'scope-a')).toBeUndefined();
		expect(readState({ nextAuthTrigger: 'text' }, 'scope-a')).toBeUndefined();
		expect(readState({ nextAuthTrigger: { version: '2', scope: 'scope-a', state: {} } }, 'scope-a')).toBeUndefined();
		expect(readState({ nextAuthTrigger: { version: 1, scope: 'scope-a', state: { old: true } } }, 'scope-a')).toEqual({
			version: 1,
			state: { old: true },
		});
	});

	it('encodeIds: runs of whole numbers in numeric order, single numbers, duplicates once, other ids sorted after a "="', () => {
		expect(encodeIds(['3', '1', '2', '5', 'x', '7', '6', 'b'])).toEqual(['1-3', '5-7', '=b', '=x']);
		expect(encodeIds(['10', '2', '30', '9'])).toEqual(['2', '9-10', '30']);
		expect(encodeIds(['2', '2'])).toEqual(['2']);
		expect(encodeIds(['2', '3', '2', '4'])).toEqual(['2-4']);
		expect(encodeIds(['9007199254740993', '9007199254740992'])).toEqual(['9007199254740992-9007199254740993']);
		expect(encodeIds(['07', '-1', ''])).toEqual(['=', '=-1', '=07']);
		expect(encodeIds([])).toEqual([]);
	});

	it('decodeIds: every id of the runs, numbers and other ids', () => {
		expect([...decodeIds(['1-3', '=x', '5', '=7', '='])].sort()).toEqual(['', '1', '2', '3', '5', '7', 'x']);
		const ids = ['4', '1', '3', 'a-b', '12', '11', '=', 'z'];
		expect(decodeIds(encodeIds(ids))).toEqual(new Set(ids));
	});

	it('isEncodedIds: what encodeIds writes, of at most twice the most accounts one poll reads', () => {
		expect(isEncodedIds(['1-3', '=x', '5', '='])).toBe(true);
		expect(isEncodedIds([])).toBe(true);
		for (const other of [['3-1'], ['3-3'], ['abc'], ['x='], ['1-'], ['01'], [1], 'x'])
			expect(isEncodedIds(other)).toBe(false);
		const most = 2 * MAX_LIST_ENTRIES;
		expect(isEncodedIds([`1-${most}`])).toBe(true);
		expect(isEncodedIds([`1-${most + 1}`])).toBe(false);
		expect(isEncodedIds([`1-${most - 1}`, '=x'])).toBe(true);
		expect(isEncodedIds([`1-${most - 1}`, '=x', '=y'])).toBe(false);
		expect(isEncodedIds([`2-${most}`, '1'])).toBe(true);
		expect(isEncodedIds([`2-${most}`, '1', '0'])).toBe(false);
		const others = Array.from({ length: most }, (_, n) => `=${n}`);
		expect(isEncodedIds(others)).toBe(true);
		expect(isEncodedIds([...others, '=last'])).toBe(false);
	});

	it('highestId: the highest as the server orders ids, the first of equal ones, from a start if given', () => {
		expect(highestId(['3', '10', '2'])).toBe('10');
		expect(highestId(['3', '10', '2'], '20')).toBe('20');
		expect(highestId(['3', '30'], '20')).toBe('30');
		expect(highestId(['7', '07'])).toBe('7');
		expect(highestId([])).toBeUndefined();
		expect(highestId([], 's')).toBe('s');
	});
});
