/**
 * The events map (events/index.ts) and the recipe in CONTRIBUTING ("Adding a trigger event")
 * followed once, without touching the node:
 * a test-only event made the way `<name>.event.ts` makes one (an option and a watch), made
 * runnable as `events/index.ts` does, and run against the simulator through the real transport,
 * first look, poll and sample.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { eventNamed, events } from '../../../../nodes/NextAuthTrigger/events';
import { accountSource } from '../../../../nodes/NextAuthTrigger/helpers/accounts';
import { STATE_VERSION } from '../../../../nodes/NextAuthTrigger/helpers/state';
import { timestampWatch } from '../../../../nodes/NextAuthTrigger/helpers/timestampWatch';
import { runnable, type Reader } from '../../../../nodes/NextAuthTrigger/helpers/watch';
import { sendNextAuthRequest } from '../../../../nodes/shared/transport';
import { toNextAuthCredentials } from '../../../../nodes/shared/transport/credentials';
import { KEYS, NextAuthSimulator, SERVER_ID } from '../../../simulator';

/** What `accountEnrolled.event.ts` would export. */
const option: INodePropertyOptions = {
	name: 'Account Enrolled',
	value: 'accountEnrolled',
	description: 'A device was enrolled: an account with a newer creation time appeared',
};
const accountEnrolled = timestampWatch('created', option, (label) => `There are no ${label} yet`);

describe('the events map', () => {
	it("finds an event by its option's value, own entries only", () => {
		for (const [value, event] of Object.entries(events)) {
			expect(event.option.value).toBe(value);
			expect(eventNamed(value)).toBe(event);
		}
		expect(['constructor', 'toString', '__proto__', ''].map(eventNamed)).toEqual([
			undefined,
			undefined,
			undefined,
			undefined,
		]);
	});
});

describe('a trigger event made by the recipe', () => {
	const simulator = new NextAuthSimulator();
	let reader: Reader;
	beforeAll(async () => {
		await simulator.start();
		const credentials = toNextAuthCredentials({ apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl });
		reader = {
			send: async (request) => await sendNextAuthRequest(credentials, request, { serverId: SERVER_ID }),
			source: accountSource({}),
			serverId: SERVER_ID,
		};
	});
	afterAll(async () => await simulator.stop());

	it('looks first, then emits what came after, oldest first, under its own name', async () => {
		const event = runnable(accountEnrolled);
		const first = await event.run(reader, undefined, 100);
		expect(first.events).toEqual([]);

		simulator.holdClock(Date.now() + 60_000);
		const [one, two] = simulator.addAccounts(2);
		const second = await event.run(reader, { version: STATE_VERSION, state: first.state }, 100);
		expect(second.events.map((account) => [account.id, account.event])).toEqual([
			[one.id, 'accountEnrolled'],
			[two.id, 'accountEnrolled'],
		]);
		const third = await event.run(reader, { version: STATE_VERSION, state: second.state }, 100);
		expect(third.events).toEqual([]);

		expect((await event.sample(reader))?.id).toBe(two.id);
		expect(event.noSample(reader.source.label)).toBe(`There are no ${reader.source.label} yet`);
	});
});
