import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { randomUUID } from 'crypto';

import { sendNextAuthRequest } from '../transport';
import { toNextAuthCredentials } from '../transport/credentials';
import { describeFailure, isNextAuthError } from '../transport/errors';

/** The dialog waits for the answer: one attempt, 15 s at most, even while a 429 pauses the pool. */
const TEST_LIMITS = { timeoutMs: 15_000, retry: { maxRetries: 0, maxWaitMs: 0 } };

/**
 * Asks for the login status of a throwaway session: the cheapest call every usable key may make
 * (it needs the `sessions` permission the node's operations need anyway).
 */
export async function nextAuthApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = toNextAuthCredentials(credential.data ?? {});
	if (!credentials.apiKey) return { status: 'Error', message: 'The API key is missing' };
	if (!credentials.serverId) return { status: 'Error', message: 'The server ID is missing' };
	try {
		await sendNextAuthRequest(
			credentials,
			{
				method: 'GET',
				path: '/sessions/',
				permission: 'sessions',
				notFound: 'no server with this server ID (check the Server ID and the Base URL)',
			},
			{ serverId: credentials.serverId, nonce: `n8n-credential-test-${randomUUID()}`, ...TEST_LIMITS },
		);
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		const message = isNextAuthError(error) ? describeFailure(error, credentials).message : (error as Error).message;
		return { status: 'Error', message };
	}
}
