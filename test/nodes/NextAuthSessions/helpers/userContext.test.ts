import { useSuite } from '../../../harness/suite';
import { LOGGED_IN_NONCE } from '../../../simulator';

describe('user context checks (before any request)', () => {
	const suite = useSuite();

	const withFields = (fields: Record<string, unknown>) => ({
		operation: 'provokeLogin',
		nonce: LOGGED_IN_NONCE,
		sendUserContext: true,
		userContextInput: 'fields',
		...fields,
	});
	const withJson = (userContextJson: string) => ({
		operation: 'provokeLogin',
		nonce: LOGGED_IN_NONCE,
		sendUserContext: true,
		userContextInput: 'json',
		userContextJson,
	});

	it.each([
		[
			'info that is not JSON',
			withFields({ sessionInfo: { info: '{oops' } }),
			/^Session Info › Info: is not valid JSON$/,
		],
		[
			'info that is an array',
			withFields({ announceInfo: { info: '[1, 2]' } }),
			/^Announce Info › Info: must be a JSON object/,
		],
		[
			'a logo that is not base64',
			withFields({ sessionInfo: { logo: 'not base64!' } }),
			/^Session Info › Logo: must be base64-encoded data$/,
		],
		['JSON that does not parse', withJson('{"announceinfo": '), /^User Context \(JSON\): is not valid JSON$/],
		['JSON that is not an object', withJson('"text"'), /^User Context \(JSON\): must be a JSON object/],
		[
			'an unknown top-level field',
			withJson('{"sessionInfo": {}}'),
			/^User Context \(JSON\): unknown field "sessionInfo" \(allowed: announceinfo, sessioninfo\)$/,
		],
		[
			'an unknown session field',
			withJson('{"sessioninfo": {"userAgent": "x"}}'),
			/^User Context \(JSON\) › sessioninfo: unknown field "userAgent"/,
		],
		[
			'a part that is not an object',
			withJson('{"sessioninfo": 5}'),
			/^User Context \(JSON\) › sessioninfo: must be a JSON object/,
		],
		[
			'info in JSON that is not an object',
			withJson('{"announceinfo": {"info": "x"}}'),
			/^User Context \(JSON\) › announceinfo › Info: is not valid JSON$/,
		],
		[
			'a logo in JSON that is not base64',
			withJson('{"announceinfo": {"logo": "%%%"}}'),
			/^User Context \(JSON\) › announceinfo › Logo: must be base64-encoded data$/,
		],
		[
			'an ip that is not text',
			withJson('{"announceinfo": {"ip": 5}}'),
			/^User Context \(JSON\) › announceinfo › ip: must be text$/,
		],
		// Names every object inherits, which `in` finds (the Fields mode never gets them: n8n keeps
		// only a collection's own options).
		[
			'a top-level field "constructor"',
			withJson('{"constructor": {}}'),
			/^User Context \(JSON\): unknown field "constructor" \(allowed: announceinfo, sessioninfo\)$/,
		],
		[
			'a top-level field "toString"',
			withJson('{"toString": {"ip": "1.2.3.4"}}'),
			/^User Context \(JSON\): unknown field "toString" \(allowed: announceinfo, sessioninfo\)$/,
		],
		[
			'a top-level field "__proto__"',
			withJson('{"__proto__": {"ip": "1.2.3.4"}}'),
			/^User Context \(JSON\): unknown field "__proto__" \(allowed: announceinfo, sessioninfo\)$/,
		],
	])('refuses %s and sends nothing', async (_, parameters, message) => {
		const { error } = await suite.run(parameters);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('sends an empty object when asked to send a context with no field set', async () => {
		const { error } = await suite.run(withFields({ sessionInfo: { ip: '' } }));
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().json).toEqual({});
	});

	it('accepts an object from an expression in JSON mode, and base64 logos with line breaks', async () => {
		const { error } = await suite.run(withJson('={{ { sessioninfo: { logo: $json.logo, info: { n: 1 } } } }}'), {
			items: [{ json: { logo: 'aGVs\nbG8=' } }],
		});
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().json).toEqual({ sessioninfo: { logo: 'aGVsbG8=', info: { n: 1 } } });
	});
});
