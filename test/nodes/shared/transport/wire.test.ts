/**
 * What may travel in a URL or a header, and the credential's headers (wire.ts): the rules the
 * transport, the parameter checks and the credential's `authenticate` share.
 */
import type * as Wire from '../../../../nodes/shared/transport/wire';
import { packageModule } from '../../../harness/n8nEngine';

const wire = packageModule<typeof Wire>('nodes/shared/transport/wire');

describe('path segments', () => {
	it.each([
		['', 'is required'],
		['.', '"." is not a valid ID'],
		['..', '".." is not a valid ID'],
		['a\ud800b', 'must not contain unpaired surrogate characters'],
		['...', undefined],
		['a/b', undefined],
	])('%j: %p', (value, problem) => {
		expect(wire.pathSegmentProblem(value)).toBe(problem);
	});
});

describe('header values', () => {
	it.each([
		['key-1 with spaces ~', undefined],
		['', undefined],
		['a\r\nX-Injected: yes', 'contains line breaks or other control characters'],
		['tab\there', 'contains line breaks or other control characters'],
		['del\u007f', 'contains line breaks or other control characters'],
		['caf\u00e9', 'contains characters an HTTP header cannot carry (only printable ASCII)'],
		['\u20ac', 'contains characters an HTTP header cannot carry (only printable ASCII)'],
	])('%j: %p', (value, problem) => {
		expect(wire.headerValueProblem(value)).toBe(problem);
	});

	it("names the credential's field that cannot be sent, never its value", () => {
		expect(wire.credentialHeaderProblem({ apiKey: 'key', roleId: '' })).toBeUndefined();
		expect(wire.credentialHeaderProblem({ apiKey: 'se\ncret', roleId: 'role' })).toBe(
			'The API Key of the NextAuth credential contains line breaks or other control characters',
		);
		expect(wire.credentialHeaderProblem({ apiKey: 'key', roleId: 'r\u00f4le' })).toBe(
			'The Role ID of the NextAuth credential contains characters an HTTP header cannot carry (only printable ASCII)',
		);
	});
});

describe("the credential's headers", () => {
	it('are X-apikey, and X-su only for a role id (the API refuses an empty one)', () => {
		expect(wire.authHeaders({ apiKey: 'key', roleId: '' })).toEqual({ 'X-apikey': 'key' });
		expect(wire.authHeaders({ apiKey: 'key', roleId: 'role' })).toEqual({ 'X-apikey': 'key', 'X-su': 'role' });
	});
});
