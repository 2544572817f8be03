/** The server resource: its entry in the Resource picker and its operations, in the order of the editor's list. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as create from './create.operation';
import * as deleteAttribute from './deleteAttribute.operation';
import * as deleteAttributes from './deleteAttributes.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getAttributes from './getAttributes.operation';
import * as getVisualHash from './getVisualHash.operation';
import * as setAttributes from './setAttributes.operation';
import * as update from './update.operation';
import * as updateAttributes from './updateAttributes.operation';

export const server: ResourceModule = {
	option: {
		name: 'Server',
		value: 'server',
		description: 'The nextAuth server itself: the one the credential, or the Server ID option, names',
	},
	// Saved workflows that never chose an operation mean this one.
	defaultOperation: 'getVisualHash',
	operations: {
		create,
		deleteAttributes,
		deleteAttribute,
		get,
		getAttributes,
		getAll,
		getVisualHash,
		setAttributes,
		update,
		updateAttributes,
	},
};
