import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { toNextAuthCredentials } from '../nodes/shared/transport/credentials';
import { isRedirect, statusSentence } from '../nodes/shared/transport/errors';
import { authHeaders, credentialHeaderProblem, UNPAIRED_SURROGATE } from '../nodes/shared/transport/wire';

/** The call the test makes, for its sentences: the cheapest one every usable key may make. */
const TEST_CALL = {
	permission: 'sessions',
	notFound: 'no server with this server ID (check the Server ID and the Base URL)',
};

/**
 * The statuses the test explains in its own words. Redirects are not followed, so each 3xx
 * reaches the rules as an error status: 300 to 308 (304 excluded: not a redirect).
 */
const EXPLAINED_STATUSES = [...Array.from({ length: 9 }, (_, n) => 300 + n).filter(isRedirect), 401, 403, 404, 429];

/**
 * The Base URL as the credential test may call it: n8n's HTTP client would send its user info as
 * an Authorization header, and a query or fragment would swallow the API path appended to it.
 * The nodes' transport leaves them out too.
 */
function withoutUserinfoOrQuery(baseUrl: string): string {
	if (!URL.canParse(baseUrl)) return baseUrl;
	const url = new URL(baseUrl);
	url.username = '';
	url.password = '';
	url.search = '';
	url.hash = '';
	return url.toString().replace(/\/$/, '');
}

export class NextAuthApi implements ICredentialType {
	name = 'nextAuthApi';

	displayName = 'NextAuth API';

	icon: Icon = { light: 'file:../icons/nextauth.svg', dark: 'file:../icons/nextauth.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-nextauth/n8n-nodes-nextauth#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'API key of your nextAuth server, from the nextAuth web console. Sent as the X-apikey header.',
		},
		{
			displayName: 'Server ID',
			name: 'serverId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. c2VydmVyaWQ=',
			description: 'The base64 ID of the nextAuth server the API key belongs to',
		},
		// The role id is a secret too: with the key it selects whose rights the calls get.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Role ID',
			name: 'roleId',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. ID of a role to act as (sent as the X-su header). The key's own role needs the global root or setrid permission. Leave empty to act as the key's own role.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.nextauth.com',
			description: 'Change only for a self-hosted nextAuth API',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the TLS certificate cannot be verified, e.g. a self-signed certificate of a self-hosted API',
		},
	];

	// A function, not generic auth: generic auth would send an empty X-su header when no role is set.
	// Values a header cannot carry are refused here, before n8n sends anything, naming the field
	// (never quoting it: both are secrets); a Server ID no URL can carry is refused too.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const fields = toNextAuthCredentials(credentials);
		const problem =
			credentialHeaderProblem(fields) ??
			(UNPAIRED_SURROGATE.test(fields.serverId)
				? 'The Server ID of the NextAuth credential must not contain unpaired surrogate characters'
				: undefined);
		if (problem) throw new Error(problem);
		const headers = { ...requestOptions.headers, ...authHeaders(fields) };
		if (requestOptions.baseURL === undefined) return { ...requestOptions, headers };
		// The credential test (the one request with a baseURL): what the nodes' transport does too.
		if (['', '.', '..'].includes(fields.serverId)) {
			throw new Error('The Server ID of the NextAuth credential must be a server id, not empty, "." or ".."');
		}
		return {
			...requestOptions,
			baseURL: withoutUserinfoOrQuery(requestOptions.baseURL),
			headers: { ...headers, 'accept-encoding': 'identity' },
		};
	};

	/**
	 * Asks for the login status of a throwaway session. A request n8n makes itself (not the
	 * node's transport): a credential test method gets no egress filter from n8n, and n8n's own
	 * requests honour its SSRF protection (N8N_SSRF_*), so this one does too. Its deadline is
	 * n8n's (300 s): n8n's RoutingNode replaces any timeout a test request sets.
	 *
	 * Like the nodes, it follows no redirect (n8n would send X-apikey and X-su to wherever the
	 * answer points) and honours Ignore SSL Issues. `toWellFormed()` keeps encodeURIComponent
	 * from throwing "URI malformed" on a Server ID with an unpaired surrogate: `authenticate`
	 * refuses that Server ID by name before anything is sent.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.nextauth.com").trim() }}',
			url: '=/servers/{{ encodeURIComponent(String($credentials.serverId).trim().toWellFormed()) }}/sessions/',
			method: 'GET',
			headers: { 'X-nonce': 'n8n-credential-test' },
			disableFollowRedirect: true,
			skipSslCertificateValidation: '={{ $credentials.ignoreSSLIssues === true }}',
		},
		rules: EXPLAINED_STATUSES.map((status) => ({
			type: 'responseCode' as const,
			properties: { value: status, message: statusSentence(status, TEST_CALL) },
		})),
	};
}
