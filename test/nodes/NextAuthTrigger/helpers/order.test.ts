/** Server timestamps and ids compared as the server orders them, whatever JSON form they arrive in. */
import { compareIds, compareStamped, idOf, timestampOf } from '../../../../nodes/NextAuthTrigger/helpers/order';

describe('trigger order helpers', () => {
	it('timestampOf: whole numbers and digit text above 0; anything else is no timestamp', () => {
		expect(timestampOf(1700000000000)).toBe(1700000000000n);
		expect(timestampOf('9007199254740995')).toBe(9007199254740995n);
		for (const none of [undefined, null, 0, '0', -5, 1.5, 'soon', '', true, {}, Number.MAX_VALUE])
			expect(timestampOf(none)).toBeUndefined();
	});

	it('compareIds: numerically for whole numbers (9 before 10, beyond 2^53 too), as text otherwise', () => {
		expect(compareIds('9', '10')).toBe(-1);
		expect(compareIds('9007199254740993', '9007199254740992')).toBe(1);
		expect(compareIds('b', 'a')).toBe(1);
		expect(compareIds('7', '7')).toBe(0);
		expect(compareIds('a', 'b')).toBe(-1);
		expect(compareIds('x', 'x')).toBe(0);
		// One whole number beside other text: both as text.
		expect(compareIds('9', 'a')).toBe(-1);
		expect(compareIds('a', '9')).toBe(1);
		expect(compareIds('10', '9x')).toBe(-1);
	});

	it('compareStamped: oldest first, then by id', () => {
		const at = (time: bigint, id: string) => ({ account: { id }, id, at: time });
		expect(compareStamped(at(1n, '9'), at(2n, '1'))).toBe(-1);
		expect(compareStamped(at(2n, '1'), at(1n, '9'))).toBe(1);
		expect(compareStamped(at(2n, '9'), at(2n, '10'))).toBe(-1);
		expect(compareStamped(at(2n, '10'), at(2n, '9'))).toBe(1);
		expect(compareStamped(at(2n, '5'), at(2n, '5'))).toBe(0);
	});

	it('idOf: an account without an id is a malformed answer', () => {
		expect(idOf({ id: 42 })).toBe('42');
		expect(idOf({ id: 'acc-1' })).toBe('acc-1');
		for (const id of [undefined, '', 1.5, null, true, 2 ** 60]) {
			expect(() => idOf({ id, description: 'x' })).toThrow('The nextAuth API answered with an account that has no id');
		}
	});
});
