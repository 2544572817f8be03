/** New Account: a device enrolled since the last poll, read newest first and only down to the cursor. */
import { SERVER_ID } from '../../../simulator';
import { ActiveTrigger, fetchTestEvent } from '../../../harness/pollTrigger';
import { SERVER_PATH, useSuite } from '../../../harness/suite';

describe('NextAuth Trigger › New Account', () => {
	const suite = useSuite('nextAuthTrigger');
	const activate = async (parameters = {}) => {
		const trigger = new ActiveTrigger(suite.engine, { event: 'newAccount', ...parameters }, () => suite.credentials());
		await trigger.activate();
		return trigger;
	};
	afterEach(() => {
		suite.simulator.resetWorld();
		suite.simulator.holdClock(undefined);
	});

	it('the first poll notes where things stand and emits nothing; an idle poll is one request', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests).toHaveLength(1);
		const [first] = suite.simulator.requests;
		expect(first.method).toBe('GET');
		expect(first.path).toBe(`${SERVER_PATH}/accounts/`);
		expect(first.query).toEqual({ sort: 'created:desc', limit: '500', marker: '0' });
		suite.simulator.clearRecords();
		const idle = await trigger.poll();
		expect(idle).toEqual({});
		expect(suite.simulator.requests).toHaveLength(1);
	});

	it('emits each new account once, oldest first, with event: newAccount', async () => {
		const trigger = await activate();
		const added = suite.simulator.addAccounts(3, { userid: 'erin' });
		const { items, error } = await trigger.poll();
		expect(error).toBeUndefined();
		expect(items?.map((item) => item.json)).toEqual(added.map((account) => ({ ...account, event: 'newAccount' })));
		expect(await trigger.poll()).toEqual({});
		void SERVER_ID;
		void fetchTestEvent;
	});
});
