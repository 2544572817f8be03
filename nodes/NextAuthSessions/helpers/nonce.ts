/** The session a call names: the item's Nonce, sent as the X-nonce header. */
import type { ItemContext } from '../../shared/helpers/interfaces';
import type { ParameterCheck } from '../../shared/helpers/validation';

/** Reads and checks the item's Nonce (a header value: printable ASCII, no line breaks). */
export function readNonce(parameter: ItemContext['parameter'], check: ParameterCheck): { nonce: string } {
	return { nonce: check.headerValue('Nonce', parameter('nonce')) };
}
