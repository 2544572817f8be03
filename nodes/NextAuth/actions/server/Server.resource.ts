/** The server resource: its entry in the Resource picker and its operations, in the order of the editor's list. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as getVisualHash from './getVisualHash.operation';

export const server: ResourceModule = {
	option: {
		name: 'Server',
		value: 'server',
		description: 'The nextAuth server itself: the one the credential, or the Server ID option, names',
	},
	defaultOperation: 'getVisualHash',
	operations: { getVisualHash },
};
