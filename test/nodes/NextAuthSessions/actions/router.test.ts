import { useSuite } from '../../../harness/suite';

describe('NextAuth Sessions router', () => {
	const suite = useSuite();

	// Names every object inherits: `in` finds them, so an imported workflow naming one reached a
	// missing operation ("Cannot read properties of undefined (reading 'call')").
	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'nope'])(
		'refuses operation %p as not supported, before any request',
		async (operation) => {
			const { error } = await suite.run({ operation, nonce: 'n' });
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe(`Operation "${operation}" is not supported`);
			expect(suite.simulator.requests).toEqual([]);
		},
	);

	it('runs an operation it has', async () => {
		const { error, items } = await suite.run({ operation: 'getSession', nonce: 'n' });
		expect(error).toBeUndefined();
		expect(items[0].json).toHaveProperty('loggedin', false);
	});
});
