/** The reusable list every request registers in (cancellation callbacks, deadlines). */
import { Slots } from '../../../../nodes/shared/transport/slots';

describe('Slots', () => {
	it('counts what it holds; each remover removes its own entry once', () => {
		const slots = new Slots<string>();
		const removeA = slots.add('a');
		slots.add('b');
		expect(slots.size).toBe(2);
		removeA();
		removeA();
		expect(slots.size).toBe(1);
		expect([...slots.entries()].map(([value]) => value)).toEqual(['b']);
	});

	it('removes an entry through the remover entries() gives, and reuses its slot', () => {
		const slots = new Slots<string>();
		slots.add('a');
		slots.add('b');
		for (const [value, remove] of [...slots.entries()]) if (value === 'a') remove();
		expect(slots.size).toBe(1);
		expect([...slots.entries()].map(([value]) => value)).toEqual(['b']);
		slots.add('c');
		expect([...slots.entries()].map(([value]) => value)).toEqual(['c', 'b']);
		expect(slots.size).toBe(2);
	});

	it('a stale remover does not remove the entry that took its slot', () => {
		const slots = new Slots<string>();
		const removeA = slots.add('a');
		removeA();
		slots.add('b');
		removeA();
		expect([...slots.entries()].map(([value]) => value)).toEqual(['b']);
	});
});
