/** Display conditions added once, the way n8n's `updateDisplayOptions` does, in small. */
import type { INodeProperties } from 'n8n-workflow';

/**
 * `properties`, shown only for `operations` (of `resource`, in a node with resources), on top of
 * each property's own conditions.
 */
export function showOnlyFor(operations: string[], properties: INodeProperties[], resource?: string): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, ...(resource && { resource: [resource] }), operation: operations },
		},
	}));
}
