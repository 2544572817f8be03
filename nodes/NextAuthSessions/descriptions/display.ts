/** Display conditions added once, the way n8n's `updateDisplayOptions` does, in small. */
import type { INodeProperties } from 'n8n-workflow';

/** `properties`, shown only for `operations`, on top of each property's own conditions. */
export function showOnlyFor(operations: string[], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, operation: operations },
		},
	}));
}
