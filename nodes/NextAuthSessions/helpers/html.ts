/** The API's HTML blocks (login, enrolment, footer): their answer read as the page text it is. */
import type { NextAuthResponse } from '../../shared/transport';
import { NextAuthResponseError } from '../../shared/transport/errors';

/** What the HTML calls ask for; the transport lets a page through only for this. */
export const HTML = 'text/html';

/**
 * `{ html }`: the answer's text, when the API labels it `text/html` (anything else is not the
 * block: refused with a clear error). The API key is replaced wherever the text shows it.
 */
export function htmlItem(response: NextAuthResponse, block: string): { json: { html: string } } {
	const mediaType = response.contentType.split(';')[0].trim().toLowerCase();
	if (mediaType !== HTML) {
		const label = mediaType === '' ? 'no Content-Type' : `Content-Type ${mediaType.slice(0, 100)}`;
		throw new NextAuthResponseError(
			`The nextAuth API answered the ${block} with ${label}, not an HTML block (text/html)`,
		);
	}
	return { json: { html: response.redact.text(response.body.toString('utf8')) } };
}
