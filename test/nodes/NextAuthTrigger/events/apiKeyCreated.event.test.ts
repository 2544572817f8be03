/**
 * New API Key in n8n's engine: the key list compared with the keys seen before; the state keeps
 * salted hashes, never a key, and the items show keys masked.
 */
import { fetchTestEvent, useTriggerSuite } from '../../../harness/pollTrigger';
import { KEYS, SERVER_ID } from '../../../simulator';

const NEW_KEY = 'sim-new/key+for=ci-0001';

describe('NextAuth Trigger › New API Key', () => {
	const { suite, activate } = useTriggerSuite('apiKeyCreated');
	const keys = () => suite.simulator.serverState(SERVER_ID).keys as Record<string, object>;
	const create = (apikey: string, description: string) => {
		keys()[apikey] = { permissions: [], role: `role-of-${description}`, description, createdBy: 'role-all' };
	};

	it('baseline without events (one GET /apikeys/ a poll); a new key once, masked; the state holds no key', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /apikeys/']);
		expect(await trigger.poll()).toEqual({});

		create(NEW_KEY, 'ci');
		const { items } = await trigger.poll();
		expect(items?.map((item) => item.json)).toEqual([
			{ apikey: '…0001', description: 'ci', role: 'role-of-ci', event: 'apiKeyCreated' },
		]);
		expect(await trigger.poll()).toEqual({});
		const saved = JSON.stringify(trigger.saved);
		for (const key of [NEW_KEY, KEYS.sessions, KEYS.users, KEYS.admin]) expect(saved).not.toContain(key);
		expect(JSON.stringify(items)).not.toContain(NEW_KEY);
	});

	it('several keys in one poll, in list order; failed polls move nothing; a restart neither replays nor loses', async () => {
		const trigger = await activate();
		create('sim-key-second-00000a', 'a');
		create('sim-key-second-00000b', 'b');
		suite.simulator.failNext(8, { status: 503, headers: { 'retry-after': '0' } });
		expect((await trigger.poll()).error).toBeDefined();
		suite.simulator.faults = [];
		const { items } = await trigger.poll();
		expect(items?.map((item) => item.json.description)).toEqual(['a', 'b']);
		create('sim-key-third-00000c', 'c');
		const atStart = await trigger.restart();
		expect(atStart.items?.map((item) => item.json.description)).toEqual(['c']);
		expect(await trigger.poll()).toEqual({});
	});

	it('Max Events per Poll: the rest at the next polls, in list order, none lost, none twice', async () => {
		const trigger = await activate({ options: { maxEventsPerPoll: 2 } });
		for (const name of ['a', 'b', 'c', 'd', 'e']) create(`sim-key-batch-0000${name}`, name);
		const emitted = [];
		for (let poll = 0; poll < 4; poll++)
			emitted.push(...((await trigger.poll()).items?.map((item) => item.json.description) ?? []));
		expect(emitted).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('refuses a key entry without apikey; Fetch Test Event takes the last key the list gives, or says there is none', async () => {
		const trigger = await activate();
		for (const entry of [
			{ description: 'x', role: 'r' },
			{ apikey: '', description: 'x', role: 'r' },
		]) {
			suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ apikeys: [entry] }) });
			expect((await trigger.poll()).error?.message).toBe(
				'The nextAuth API answered with an API key entry without an "apikey"',
			);
		}
		create('sim-key-newest-00000z', 'newest');
		const [[sample]] = (await fetchTestEvent(suite.engine, { event: 'apiKeyCreated' }, suite.credentials()))!;
		expect(sample.json).toEqual({
			apikey: '…000z',
			description: 'newest',
			role: 'role-of-newest',
			event: 'apiKeyCreated',
		});
		await expect(
			fetchTestEvent(suite.engine, { event: 'apiKeyCreated' }, suite.credentials({ apiKey: KEYS.admin })),
		).rejects.toThrow("The credential's role has created no API key yet: create one, then fetch again");
	});

	it("names the 'global servers' permission when the poll is refused; Fetch Test Event shows the last key masked", async () => {
		const refused = await fetchTestEvent(
			suite.engine,
			{ event: 'apiKeyCreated' },
			suite.credentials({ apiKey: KEYS.servers }),
		).catch((error: Error) => error);
		expect((refused as Error).message).toContain("needs the 'global servers' permission");
		const [[sample]] = (await fetchTestEvent(suite.engine, { event: 'apiKeyCreated' }, suite.credentials()))!;
		expect(sample.json).toMatchObject({ apikey: expect.stringMatching(/^…/), event: 'apiKeyCreated' });
		expect(sample.json.apikey).toMatch(/^….{0,4}$/u);
	});
});
