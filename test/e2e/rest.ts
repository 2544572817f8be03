/** What the end-to-end suites that drive a running n8n share: waiting for a condition, and n8n's REST API with a session. */

export const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `check()` until it gives a value, every 250 ms; fails naming `what` after `seconds`. */
export async function waitFor<T>(
	what: string,
	check: () => T | undefined | Promise<T | undefined>,
	seconds = 60,
): Promise<T> {
	const deadline = Date.now() + seconds * 1000;
	while (Date.now() < deadline) {
		const value = await check();
		if (value !== undefined) return value;
		await sleep(250);
	}
	throw new Error(`${what}: not within ${seconds} s`);
}

export interface RestSession {
	url: string;
	cookie: string;
	browserId: string;
}

/**
 * Calls n8n's REST API as the logged-in owner (`session()` is read at each call, so it may be set
 * up after this is made): a JSON body when given (POST unless `method` says otherwise), the
 * answer's `data` back; an error status fails with the route and the start of the answer.
 */
export function restClient(session: () => RestSession) {
	return async (route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
		const { url, cookie, browserId } = session();
		const response = await fetch(`${url}/rest/${route}`, {
			method,
			headers: { cookie, 'browser-id': browserId, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest/${route}: ${response.status} ${text.slice(0, 500)}`);
		return JSON.parse(text).data;
	};
}
