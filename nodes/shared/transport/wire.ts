/**
 * What a value must be to travel in a request's URL or headers, and the credential's headers: one
 * place for the transport and the credential's `authenticate`. Nothing here loads undici, so that
 * loading the credential does not load it.
 */
import type { NextAuthCredentials } from './credentials';

/** Unpaired UTF-16 surrogates: no URL and no UTF-8 text can carry them (encodeURIComponent throws "URI malformed"). */
export const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** Why `value` cannot be one path segment (as a sentence after the field's name), or undefined when it can. */
export function pathSegmentProblem(value: string): string | undefined {
	if (value === '') return 'is required';
	// Servers resolve these: `/users/../` would name another resource.
	if (value === '.' || value === '..') return `"${value}" is not a valid ID`;
	if (UNPAIRED_SURROGATE.test(value)) return 'must not contain unpaired surrogate characters';
	return undefined;
}

/** CR/LF and other control characters: in a header value they could smuggle in more headers. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** What a header value may hold: printable ASCII (the Nonce's check and the credential's use it). */
export const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Why `value` cannot be sent as a header value (as a sentence after the field's name), or
 * undefined when it can. Printable ASCII only: undici refuses characters above U+00FF, and bytes
 * from U+0080 to U+00FF would reach the server in no defined charset.
 */
export function headerValueProblem(value: string): string | undefined {
	if (CONTROL_CHARACTERS.test(value)) return 'contains line breaks or other control characters';
	if (!PRINTABLE_ASCII.test(value)) return 'contains characters an HTTP header cannot carry (only printable ASCII)';
	return undefined;
}

/** Why a credential field sent as a header is unusable, naming the field and never quoting it (it is a secret), or undefined. */
export function credentialHeaderProblem(
	credentials: Pick<NextAuthCredentials, 'apiKey' | 'roleId'>,
): string | undefined {
	for (const [field, value] of [
		['API Key', credentials.apiKey],
		['Role ID', credentials.roleId],
	]) {
		const problem = headerValueProblem(value);
		if (problem) return `The ${field} of the NextAuth credential ${problem}`;
	}
	return undefined;
}

/** X-apikey always; X-su only for a non-empty role id (the API refuses an empty one). */
export function authHeaders(credentials: Pick<NextAuthCredentials, 'apiKey' | 'roleId'>): Record<string, string> {
	return credentials.roleId
		? { 'X-apikey': credentials.apiKey, 'X-su': credentials.roleId }
		: { 'X-apikey': credentials.apiKey };
}
