import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS } from '../../../simulator';

describe('the HTML blocks: getLoginHtml, getEnrolHtml, getFooterHtml', () => {
	const suite = useSuite();
	const block = (operation: string, extra: Record<string, unknown> = {}) => ({ operation, nonce: 'page-1', ...extra });

	beforeEach(() => suite.simulator.resetWorld());

	it('Get Login HTML sends GET …/sessions/html/login with X-nonce, the user context as GET body when set, and outputs { html }', async () => {
		const bare = await suite.run(block('getLoginHtml'));
		expect(bare.error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/sessions/html/login`);
		expect(request.headers['x-nonce']).toBe('page-1');
		expect(request.headers.accept).toBe('text/html');
		expect(request.body).toBeNull();
		expect(request.headers).not.toHaveProperty('content-type');
		expect(bare.items).toHaveLength(1);
		expect(Object.keys(bare.items[0].json)).toEqual(['html']);
		expect(bare.items[0].json.html).toMatch(/</);

		suite.simulator.clearRecords();
		const context = { announceinfo: { ip: '198.51.100.1', info: { reason: 'checkout' } } };
		const withContext = await suite.run(
			block('getLoginHtml', {
				sendUserContext: true,
				userContextInput: 'json',
				userContextJson: JSON.stringify(context),
			}),
		);
		expect(withContext.error).toBeUndefined();
		const sent = suite.onlyRequest();
		expect(sent.method).toBe('GET');
		expect(sent.headers['content-type']).toBe('application/json');
		expect(JSON.parse(sent.body!)).toEqual(context);
		expect(withContext.items[0].json.html).not.toEqual(bare.items[0].json.html);
	});

	it('Get Enrolment HTML sends name and userid only when set, never empty', async () => {
		await suite.run(block('getEnrolHtml'));
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/sessions/html/enrol`);
		suite.simulator.clearRecords();
		const { items, error } = await suite.run(
			block('getEnrolHtml', { enrolName: "Bob's phone", enrolUserId: 'dave/ops' }),
		);
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.url).toBe(`${SERVER_PATH}/sessions/html/enrol?name=Bob%27s+phone&userid=dave%2Fops`);
		expect(request.body).toBeNull();
		expect(typeof items[0].json.html).toBe('string');
	});

	it('Get Footer HTML sends More Sessions as { sessions: [{ serverid, sessionid }] } GET body only when there are some', async () => {
		await suite.run(block('getFooterHtml'));
		expect(suite.onlyRequest().body).toBeNull();
		suite.simulator.clearRecords();
		const { error } = await suite.run(
			block('getFooterHtml', { footerSessions: { session: [{ serverId: 'other+Server/2=', nonce: 'n-2' }] } }),
		);
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/sessions/html/footer`);
		expect(JSON.parse(request.body!)).toEqual({ sessions: [{ serverid: 'other+Server/2=', sessionid: 'n-2' }] });

		const empty = await suite.run(
			block('getFooterHtml', { footerSessions: { session: [{ serverId: '', nonce: 'n' }] } }),
		);
		expect(empty.error?.message).toBe('More Sessions › Session 1 › Server ID: is required');
	});

	it('an HTML answer is their success; an answer labelled otherwise is refused with a clear error', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/json', body: '{"html": "<p>x</p>"}' });
		const { error } = await suite.run(block('getLoginHtml'));
		expect(error?.message).toBe(
			'The nextAuth API answered the login HTML block with Content-Type application/json, not an HTML block (text/html)',
		);
	});

	it("needs a Nonce, and names the 'sessions' permission on a 403", async () => {
		const missing = await suite.run(block('getLoginHtml', { nonce: '={{ "" }}' }));
		expect(missing.error?.message).toBe('Nonce: is required');
		const refused = await suite.run(block('getEnrolHtml'), {
			credentials: suite.credentials({ apiKey: KEYS.servers }),
		});
		expect(refused.error?.message).toContain("needs the 'sessions' permission");
	});
});
