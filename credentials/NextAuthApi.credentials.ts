import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { nextAuthAuthHeaders } from '../nodes/shared/transport/credentials';
import { statusSentence } from '../nodes/shared/transport/errors';

/** The call the test makes, for its sentences: the cheapest one every usable key may make. */
const TEST_CALL = {
	permission: 'sessions',
	notFound: 'no server with this server ID (check the Server ID and the Base URL)',
};

export class NextAuthApi implements ICredentialType {
	name = 'nextAuthApi';

	displayName = 'NextAuth API';

	icon: Icon = { light: 'file:nextauth.svg', dark: 'file:nextauth.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-nextauth/n8n-nodes-nextauth#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'API key of your nextAuth server, from the nextAuth web console. Sent as the X-apikey header.',
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
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, ...nextAuthAuthHeaders(credentials) },
	});

	/**
	 * Asks for the login status of a throwaway session. A request n8n makes itself (not the
	 * node's transport): a credential test method gets no egress filter from n8n, and n8n's own
	 * requests honour its SSRF protection (N8N_SSRF_*), so this one does too. Its deadline is
	 * n8n's (300 s): n8n's RoutingNode replaces any timeout a test request sets.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.nextauth.com").trim() }}',
			url: '=/servers/{{ encodeURIComponent(String($credentials.serverId).trim()) }}/sessions/',
			method: 'GET',
			headers: { 'X-nonce': 'n8n-credential-test' },
		},
		rules: [401, 403, 404, 429].map((status) => ({
			type: 'responseCode' as const,
			properties: { value: status, message: statusSentence(status, TEST_CALL) },
		})),
	};
}
