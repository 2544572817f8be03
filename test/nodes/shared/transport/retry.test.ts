import { MAX_TIMER_MS } from '../../../../nodes/shared/transport/limits';
import { retryDelay } from '../../../../nodes/shared/transport/retry';

describe('retryDelay', () => {
	const now = Date.parse('2026-11-28T12:00:00Z');

	it.each([
		['0', 0],
		['1', 1000],
		[' 7 ', 7000],
		['Sat, 28 Nov 2026 12:00:05 GMT', 5000],
		['Saturday, 28-Nov-26 12:00:05 GMT', 5000],
		['Sat, 28 Nov 2026 11:00:00 GMT', 0],
		['Sat Nov 28 12:00:05 2026 GMT', 5000],
	])('reads Retry-After %p as %p ms', (value, expected) => {
		expect(retryDelay(value, 0, now)).toBe(expected);
	});

	it.each(['1.5', '-3', '1e3', 'soon', '', undefined, 'Sat, soon', '28 Nov 2026 12:00:05 GMT'])(
		'falls back to the back-off schedule for %p',
		(value) => {
			expect(retryDelay(value, 0, now)).toBe(1000);
			expect(retryDelay(value, 2, now)).toBe(4000);
		},
	);

	it('never gives more than a timer can hold', () => {
		expect(retryDelay('2500000', 0, now)).toBe(MAX_TIMER_MS);
		expect(retryDelay('9'.repeat(400), 0, now)).toBe(MAX_TIMER_MS);
		expect(retryDelay(undefined, 40, now)).toBe(MAX_TIMER_MS);
	});
});
