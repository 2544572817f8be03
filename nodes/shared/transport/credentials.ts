import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'nextAuthApi';

export const DEFAULT_BASE_URL = 'https://api.nextauth.com';

/** The `nextAuthApi` credential's fields, trimmed and defaulted. */
export interface NextAuthCredentials {
	apiKey: string;
	/** Empty when no role is impersonated. */
	roleId: string;
	serverId: string;
	baseUrl: string;
	/** Accept TLS certificates that cannot be verified (self-signed). Off unless set. */
	ignoreSSLIssues: boolean;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function toNextAuthCredentials(data: ICredentialDataDecryptedObject): NextAuthCredentials {
	return {
		apiKey: text(data.apiKey),
		roleId: text(data.roleId),
		serverId: text(data.serverId),
		baseUrl: text(data.baseUrl) || DEFAULT_BASE_URL,
		ignoreSSLIssues: data.ignoreSSLIssues === true,
	};
}

/** The server id of a node's Options (trimmed) when set, the credential's otherwise. */
export function serverIdFor(options: { serverId?: unknown }, credentials: NextAuthCredentials): string {
	return String(options.serverId ?? '').trim() || credentials.serverId;
}
