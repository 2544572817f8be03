/**
 * Paging that does not trust the API: a page that brings nothing new ends the list with an error
 * naming the marker the API ignored; the whole list is bounded in entries and in answer bytes;
 * n8n's stop ends it at once.
 */
import { useSuite } from '../../../harness/suite';

/** What a page made from the request reads of it. */
interface RecordedRequest {
	query: Record<string, string>;
}

const marker = (request: RecordedRequest) => Number(request.query.marker);
const accounts = (ids: number[], extra: Record<string, unknown> = {}) =>
	JSON.stringify({ accounts: ids.map((id) => ({ id, description: `Device ${id}` })), ...extra });
const range = (from: number, count: number) => Array.from({ length: count }, (_, n) => from + n);

describe('paging (fetchList)', () => {
	const suite = useSuite('nextAuth');
	const getAll = (resource: 'account' | 'user', extra: Record<string, unknown> = {}) => ({
		resource,
		operation: 'getAll',
		returnAll: true,
		...extra,
	});
	/** Every request gets this page, whatever its marker says. */
	const answerAlways = (body: string | ((request: RecordedRequest) => string)) =>
		suite.simulator.randomFaults({ rate: 1, faults: [{ status: 200, body }] });

	it('ends with an error naming the marker when the API ignores it, although totalnumber says there is more', async () => {
		answerAlways(accounts(range(1, 500), { totalnumber: 1200 }));
		const { items, error } = await suite.run(getAll('account'));

		expect(error?.message).toBe(
			'The nextAuth API ignored marker=500: the page it answered holds only accounts already received, so paging cannot go on',
		);
		expect(items).toEqual([]);
		expect(suite.simulator.requests.map((request) => request.query.marker)).toEqual(['0', '500']);
	});

	it('without a totalnumber, stops at the second page instead of paging to the 100,000 cap (users: told apart by userid)', async () => {
		answerAlways(JSON.stringify({ users: [{ userid: 'alice' }, { userid: 'bob' }] }));
		const { error } = await suite.run(getAll('user'));

		expect(error?.message).toBe(
			'The nextAuth API ignored marker=2: the page it answered holds only users already received, so paging cannot go on',
		);
		expect(suite.simulator.requests).toHaveLength(2);
	});

	it('also with a Limit: the list ends, it does not repeat the first page', async () => {
		answerAlways(accounts([7, 8, 9]));
		const { error } = await suite.run(getAll('account', { returnAll: false, limit: 10 }));
		expect(error?.message).toMatch(/^The nextAuth API ignored marker=3:/);
	});

	it('goes on while each page brings something new, and gives the pages as the API sent them', async () => {
		// Offsets shift when an account is added between two pages: the next page repeats one.
		suite.simulator.failNext(1, { status: 200, body: accounts([1, 2, 3]) });
		suite.simulator.failNext(1, { status: 200, body: accounts([3, 4, 5]) });
		suite.simulator.failNext(1, { status: 200, body: accounts([]) });
		const { items, error } = await suite.run(getAll('account'));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([1, 2, 3, 3, 4, 5]);
	});

	it('tells apart entries without an id by their content', async () => {
		suite.simulator.failNext(1, {
			status: 200,
			body: JSON.stringify({ accounts: [{ description: 'a' }, { description: 'b' }] }),
		});
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ accounts: [{ description: 'c' }] }) });
		suite.simulator.failNext(1, {
			status: 200,
			body: JSON.stringify({ accounts: [{ description: 'a' }, { description: 'c' }] }),
		});
		const { items, error } = await suite.run(getAll('account'));

		expect(items).toEqual([]);
		expect(error?.message).toMatch(/^The nextAuth API ignored marker=3:/);
	});

	it('bounds the whole list at 64 MB of answers: pages of one 1 MB account each end with an error, not with 100 MB held', async () => {
		const description = 'x'.repeat(1_000_000);
		answerAlways((request) =>
			marker(request) < 100 ? JSON.stringify({ accounts: [{ id: marker(request), description }] }) : accounts([]),
		);
		const heapBefore = process.memoryUsage().heapUsed;
		const { items, error } = await suite.run(getAll('account'));

		expect(error?.message).toBe(
			'The list of accounts is larger than 64 MB, the most one list reads: narrow it with Filters, or turn Return All off and set a smaller Limit',
		);
		expect(items).toEqual([]);
		// 64 MB read in pages of ~1 MB: the 68th page passes the bound.
		expect(suite.simulator.requests).toHaveLength(68);
		expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(400 * 1024 ** 2);
	});

	it('bounds Return All at 100,000 distinct accounts, whatever the server keeps sending', async () => {
		answerAlways((request) => accounts(range(marker(request), Number(request.query.limit))));
		const { error } = await suite.run(getAll('account'));

		expect(error?.message).toBe(
			'There are more than 100,000 accounts, the most Return All gives: narrow the list with Filters › Attribute Filter, or turn Return All off and set a Limit',
		);
		expect(suite.simulator.requests).toHaveLength(201);
	});

	it('ends at once when n8n stops the run, between pages or during one', async () => {
		suite.simulator.latencyMs = 200;
		try {
			answerAlways((request) => accounts(range(marker(request), 500)));
			const started = Date.now();
			const { error } = await suite.run(getAll('account'), { cancelAfterMs: 500 });
			const ended = Date.now();

			expect(error?.message).toBe('The request was cancelled');
			expect(ended - started).toBeLessThan(1500);
			const sent = suite.simulator.requests.length;
			expect(sent).toBeLessThanOrEqual(4);
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(suite.simulator.requests).toHaveLength(sent);
		} finally {
			suite.simulator.latencyMs = 0;
		}
	});
});
