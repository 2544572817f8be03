/** The session a call names: the item's Nonce, sent as the X-nonce header. */
import type { ReadParameter } from '../../shared/helpers/parameters';
import type { ParameterCheck } from '../../shared/helpers/validation';

/** Reads and checks the item's Nonce (a header value: printable ASCII, no line breaks). */
export function readNonce(parameter: ReadParameter, check: ParameterCheck): { nonce: string } {
	return { nonce: check.headerValue('Nonce', parameter('nonce')) };
}
