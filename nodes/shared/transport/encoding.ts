/**
 * Answers compressed although every request asks for `Accept-Encoding: identity` (a proxy or a
 * misconfigured server may compress anyway): gzip, x-gzip, deflate and br are decoded, also
 * stacked (`gzip, br`), with the size cap applied to the decoded bytes, so a small "zip bomb"
 * cannot fill memory. Any other encoding is refused, never passed on as if it were the answer.
 * Read as curl and browsers read them: `deflate` also without its zlib header (raw deflate, as
 * some servers send it), and gzip followed by bytes that are not gzip (ignored, as browsers
 * ignore them: gzip's own checksum and length have already checked what came before).
 *
 * The decoding is undici's own (its `decompress` interceptor, which uses node:zlib): n8n's scan
 * forbids importing node:zlib in the package, and undici is its one documented exception. The
 * interceptor is made only when a compressed answer arrives (it prints an "experimental" warning
 * once when made), and runs on the answer already read, which is bounded by the call's cap.
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- undici: see docs/architecture.md, "Why undici"
import { interceptors, type Dispatcher } from 'undici';

import { AnswerEncodingError, AnswerTooLargeError } from './errors';

/** The encodings this decodes; undici's interceptor knows them on every Node version the package runs on. */
const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** More stacked encodings than this are refused (undici's own limit is 5). */
const MAX_ENCODINGS = 3;

/**
 * The Content-Encoding codings that change the bytes, as the answer spelled them (messages name
 * them so: lower-cased, a coding would no longer spell what the redaction looks for), in the
 * order they were applied.
 */
export function contentCodings(header: string | string[] | undefined): string[] {
	if (header === undefined) return [];
	const value = Array.isArray(header) ? header.join(',') : header;
	return value
		.split(',')
		.map((coding) => coding.trim())
		.filter((coding) => coding !== '' && coding.toLowerCase() !== 'identity');
}

const NO_DISPATCH: Dispatcher.DispatchOptions = { origin: 'http://localhost', path: '/', method: 'GET' };

/** What came out of the decoder, and the error it ended with, if any. */
interface Decoded {
	bytes: Buffer;
	error?: unknown;
}

/** Feeds `body` through undici's decoder for one `coding`; what comes out is at most `maxBytes` bytes. */
async function decompress(coding: string, statusCode: number, body: Buffer, maxBytes: number): Promise<Decoded> {
	const interceptor = interceptors.decompress({ skipErrorResponses: false, skipStatusCodes: [], maxSize: maxBytes });
	return await new Promise<Decoded>((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const sink: Dispatcher.DispatchHandler = {
			onRequestStart() {},
			onResponseStart() {},
			onResponseData(_, chunk: Buffer) {
				// A bound of its own beside undici's maxSize. Thrown here, the decoder stops and reports it
				// through onResponseError.
				// Stryker disable next-line AssignmentOperator: undici's maxSize bounds the same bytes
				size += chunk.length;
				// Stryker disable next-line ConditionalExpression: undici's maxSize bounds the same bytes
				if (size > maxBytes) throw new AnswerTooLargeError(maxBytes);
				chunks.push(chunk);
			},
			onResponseEnd: () => resolve({ bytes: Buffer.concat(chunks) }),
			onResponseError: (_, error) => resolve({ bytes: Buffer.concat(chunks), error }),
		};
		let decoder: Dispatcher.DispatchHandler | undefined;
		interceptor((_, handler) => {
			decoder = handler;
			// Stryker disable next-line BooleanLiteral: what a dispatch returns is not read here
			return true;
		})(NO_DISPATCH, sink);
		// The whole body is here already: there is nothing to pause or resume upstream.
		const controller = {
			abort: (reason: Error) => resolve({ bytes: Buffer.alloc(0), error: reason }),
			pause() {},
			resume() {},
			paused: false,
			aborted: false,
			reason: null,
			rawHeaders: null,
			rawTrailers: null,
		} as unknown as Dispatcher.DispatchController;
		decoder!.onRequestStart?.(controller, {});
		// Stryker disable next-line StringLiteral: the status text is not read
		decoder!.onResponseStart?.(controller, statusCode, { 'content-encoding': coding }, '');
		decoder!.onResponseData?.(controller, body);
		decoder!.onResponseEnd?.(controller, {});
	});
}

function isTooLarge(error: unknown): boolean {
	return (
		error instanceof AnswerTooLargeError ||
		(error as { code?: string } | undefined)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE'
	);
}

/** zlib's "unexpected end of file": the data stopped before its end. */
function isCutShort(error: unknown): boolean {
	return (error as { code?: string } | undefined)?.code === 'Z_BUF_ERROR';
}

/** A zlib header (deflate, 32 KB window, no dictionary) put before raw deflate data. */
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);

/** zlib's checksum of `bytes` (RFC 1950), big-endian, as its trailer writes it. */
function adler32(bytes: Buffer): Buffer {
	let a = 1;
	let b = 0;
	for (let i = 0; i < bytes.length;) {
		// 5552 bytes is the most that can be summed before b may pass 2^53 (zlib's NMAX is for 32 bits).
		for (const end = Math.min(bytes.length, i + 5552); i < end; i++) {
			a += bytes[i];
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	const trailer = Buffer.alloc(4);
	trailer.writeUInt32BE(((b << 16) | a) >>> 0);
	return trailer;
}

/**
 * Raw deflate (RFC 1951 without the zlib wrapper), which curl and browsers accept for `deflate`:
 * read with a zlib header put before it, then once more with the checksum of what came out put
 * after it, so that zlib checks the data ended where it should. Undefined when it is not that.
 */
async function rawDeflate(statusCode: number, body: Buffer, maxBytes: number): Promise<Buffer | undefined> {
	const framed = Buffer.concat([ZLIB_HEADER, body]);
	const first = await decompress('deflate', statusCode, framed, maxBytes);
	if (isTooLarge(first.error)) throw new AnswerTooLargeError(maxBytes);
	if (!first.error) return first.bytes;
	// Raw deflate, cut short where zlib's checksum should follow (after any other error, the second
	// reading fails too). It gives what the first gave, which was within the cap.
	const checked = await decompress('deflate', statusCode, Buffer.concat([framed, adler32(first.bytes)]), maxBytes);
	return checked.error ? undefined : checked.bytes;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** How far back from such an error a gzip end is looked for: a gzip header's fixed part is 10 bytes. */
const MAX_HEADER_PROBE = 16;

/**
 * gzip followed by bytes that are not gzip, which browsers read by ignoring those bytes: the
 * shortest start of the body that is not cut short is found by halving (zlib says "unexpected
 * end of file" for every shorter one); if it decodes, the rest is ignored, unless it is more
 * gzip, read the same way. Undefined when no start of the body decodes.
 */
async function gzipWithTrailingBytes(
	statusCode: number,
	body: Buffer,
	maxBytes: number,
	whole: Decoded,
): Promise<Buffer | undefined> {
	// Stryker disable next-line ConditionalExpression,LogicalOperator: only saves the halving: no start of a body that does not start like gzip decodes as gzip
	if (body[0] !== GZIP_MAGIC[0] || body[1] !== GZIP_MAGIC[1]) return undefined;
	// No start of the body decodes past the cap: the whole body decoded everything they hold, and
	// it was within the cap (decodedLayer).
	// Cut short at `low`, not at `high` (the whole body did not fail for being cut short).
	let low = 0;
	let high = body.length;
	let atHigh = whole;
	while (high - low > 1) {
		const middle = Math.floor((low + high) / 2);
		const decoded = await decompress('gzip', statusCode, body.subarray(0, middle), maxBytes);
		if (isCutShort(decoded.error)) {
			low = middle;
		} else {
			high = middle;
			atHigh = decoded;
		}
	}
	// Bytes after the gzip that start like another gzip header are cut short too, for a few bytes
	// after its end: the halving may land past them, on the error they end with.
	for (let back = 1; atHigh.error && back <= MAX_HEADER_PROBE && high - 1 > 0; back++) {
		const decoded = await decompress('gzip', statusCode, body.subarray(0, high - 1), maxBytes);
		if (!decoded.error) atHigh = decoded;
		high--;
	}
	if (atHigh.error) return undefined;
	// What follows is read as more gzip; bytes that are not are ignored.
	const rest = body.subarray(high);
	const more = await decodedLayer('gzip', statusCode, rest, maxBytes - atHigh.bytes.length).catch((error: unknown) => {
		if (error instanceof AnswerTooLargeError) throw new AnswerTooLargeError(maxBytes);
		return Buffer.alloc(0);
	});
	return Buffer.concat([atHigh.bytes, more]);
}

/** One coding undone. Throws AnswerTooLargeError past `maxBytes`, AnswerEncodingError for bytes that are not what the coding says. */
async function decodedLayer(coding: string, statusCode: number, body: Buffer, maxBytes: number): Promise<Buffer> {
	const whole = await decompress(coding, statusCode, body, maxBytes);
	if (!whole.error) return whole.bytes;
	if (isTooLarge(whole.error)) throw new AnswerTooLargeError(maxBytes);
	const read =
		coding === 'deflate'
			? await rawDeflate(statusCode, body, maxBytes)
			: // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: only saves work: gzipWithTrailingBytes finds nothing in a body cut short or not gzip
				(coding === 'gzip' || coding === 'x-gzip') && !isCutShort(whole.error)
				? await gzipWithTrailingBytes(statusCode, body, maxBytes, whole)
				: undefined;
	if (read) return read;
	throw new AnswerEncodingError(coding, 'corrupt');
}

/**
 * The body with its Content-Encoding `codings` undone, the last applied first. Throws
 * AnswerTooLargeError when the decoded bytes (of any step) pass `maxBytes`, and
 * AnswerEncodingError for an encoding it cannot undo or bytes that are not what the encoding says.
 */
export async function decodedBody(
	statusCode: number,
	codings: string[],
	body: Buffer,
	maxBytes: number,
	/** The Content-Encoding as errors name it: as the answer gave it (the messages are redacted). */
	named = codings.join(', '),
): Promise<Buffer> {
	const unknown = codings.find((coding) => !DECODABLE.has(coding));
	if (unknown !== undefined || codings.length > MAX_ENCODINGS) {
		throw new AnswerEncodingError(named, 'unsupported');
	}
	// Some servers label an empty body as compressed: there is nothing to decode.
	if (body.length === 0) return body;
	let decoded = body;
	for (const coding of [...codings].reverse()) {
		decoded = await decodedLayer(coding, statusCode, decoded, maxBytes).catch((error: unknown) => {
			// The error names the whole Content-Encoding, as the answer gave it.
			if (error instanceof AnswerEncodingError) throw new AnswerEncodingError(named, 'corrupt');
			throw error;
		});
	}
	return decoded;
}
