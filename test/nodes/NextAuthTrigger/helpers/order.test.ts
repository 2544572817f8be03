/** Server timestamps and ids compared as the server orders them, whatever JSON form they arrive in. */
import { compareIds, idOf, timestampOf } from '../../../../nodes/NextAuthTrigger/helpers/order';

describe('trigger order helpers', () => {
	it('timestampOf: whole numbers and digit text above 0; anything else is no timestamp', () => {
		expect(timestampOf(1700000000000)).toBe(1700000000000n);
		expect(timestampOf('9007199254740995')).toBe(9007199254740995n);
		for (const none of [undefined, null, 0, '0', -5, 1.5, 'soon', '', true, {}, Number.MAX_VALUE]) expect(timestampOf(none)).toBeUndefined();
	});

	it('compareIds: numerically for whole numbers (9 before 10, beyond 2^53 too), as text otherwise', () => {
		expect(compareIds('9', '10')).toBe(-1);
		expect(compareIds('9007199254740993', '9007199254740992')).toBe(1);
		expect(compareIds('b', 'a')).toBe(1);
		expect(compareIds('7', '7')).toBe(0);
	});

	it('idOf: an account without an id is a malformed answer', () => {
		expect(idOf({ id: 42 })).toBe('42');
		expect(() => idOf({ description: 'x' })).toThrow('The nextAuth API answered with an account that has no id');
	});
});
