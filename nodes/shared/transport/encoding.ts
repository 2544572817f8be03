/**
 * Answers compressed although every request asks for `Accept-Encoding: identity` (a proxy or a
 * misconfigured server may compress anyway): gzip, x-gzip, deflate and br are decoded, also
 * stacked (`gzip, br`), with the size cap applied to the decoded bytes, so a small "zip bomb"
 * cannot fill memory. Any other encoding is refused, never passed on as if it were the answer.
 *
 * The decoding is undici's own (its `decompress` interceptor, which uses node:zlib): n8n's scan
 * forbids importing node:zlib in the package, and undici is its one documented exception. The
 * interceptor is made only when a compressed answer arrives (it prints an "experimental" warning
 * once when made), and runs on the answer already read, which is bounded by the call's cap.
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- undici: see CONTRIBUTING.md, "Why undici"
import { interceptors, type Dispatcher } from 'undici';

import { AnswerEncodingError, AnswerTooLargeError } from './errors';

/** The encodings this decodes; undici's interceptor knows them on every Node version the package runs on. */
const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** More stacked encodings than this are refused (undici's own limit is 5). */
const MAX_ENCODINGS = 3;

/** The Content-Encoding codings that change the bytes, lower-cased, in the order they were applied. */
export function contentCodings(header: string | string[] | undefined): string[] {
	if (header === undefined) return [];
	const value = Array.isArray(header) ? header.join(',') : header;
	return value
		.split(',')
		.map((coding) => coding.trim().toLowerCase())
		.filter((coding) => coding !== '' && coding !== 'identity');
}

const NO_DISPATCH: Dispatcher.DispatchOptions = { origin: 'http://localhost', path: '/', method: 'GET' };

/** Feeds `body` through undici's decoder; resolves with at most `maxBytes` decoded bytes. */
async function decompress(codings: string[], statusCode: number, body: Buffer, maxBytes: number): Promise<Buffer> {
	const interceptor = interceptors.decompress({ skipErrorResponses: false, skipStatusCodes: [], maxSize: maxBytes });
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const sink: Dispatcher.DispatchHandler = {
			onRequestStart() {},
			onResponseStart() {},
			onResponseData(_, chunk: Buffer) {
				size += chunk.length;
				// Thrown here, the decoder stops and reports it through onResponseError.
				if (size > maxBytes) throw new AnswerTooLargeError(maxBytes);
				chunks.push(chunk);
			},
			onResponseEnd: () => resolve(Buffer.concat(chunks)),
			onResponseError: (_, error) => reject(error),
		};
		let decoder: Dispatcher.DispatchHandler | undefined;
		interceptor((_, handler) => {
			decoder = handler;
			return true;
		})(NO_DISPATCH, sink);
		// The whole body is here already: there is nothing to pause or resume upstream.
		const controller = {
			abort: (reason: Error) => reject(reason),
			pause() {},
			resume() {},
			paused: false,
			aborted: false,
			reason: null,
			rawHeaders: null,
			rawTrailers: null,
		} as unknown as Dispatcher.DispatchController;
		decoder!.onRequestStart?.(controller, {});
		decoder!.onResponseStart?.(controller, statusCode, { 'content-encoding': codings.join(', ') }, '');
		decoder!.onResponseData?.(controller, body);
		decoder!.onResponseEnd?.(controller, {});
	});
}

/**
 * The body with its Content-Encoding `codings` undone. Throws AnswerTooLargeError when the decoded bytes pass `maxBytes`, and AnswerEncodingError
 * for an encoding it cannot undo or bytes that are not what the encoding says.
 */
export async function decodedBody(
	statusCode: number,
	codings: string[],
	body: Buffer,
	maxBytes: number,
): Promise<Buffer> {
	const named = codings.join(', ');
	const unknown = codings.find((coding) => !DECODABLE.has(coding));
	if (unknown !== undefined || codings.length > MAX_ENCODINGS || typeof interceptors?.decompress !== 'function') {
		throw new AnswerEncodingError(named, 'unsupported');
	}
	// Some servers label an empty body as compressed: there is nothing to decode.
	if (body.length === 0) return body;
	const decoded = await decompress(codings, statusCode, body, maxBytes).then(
		(bytes) => ({ bytes, error: undefined }),
		(error: unknown) => ({ bytes: undefined, error }),
	);
	if (decoded.bytes) return decoded.bytes;
	const { error } = decoded;
	if (error instanceof AnswerTooLargeError) throw error;
	if ((error as { code?: string } | undefined)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') throw new AnswerTooLargeError(maxBytes);
	throw new AnswerEncodingError(named, 'corrupt');
}
