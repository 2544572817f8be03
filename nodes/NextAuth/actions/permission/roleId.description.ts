/** The Role ID field of the permission operations. */
import type { INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../../shared/descriptions/display';

export const roleIdField = (operation: string, description: string): INodeProperties[] =>
	showOnlyFor(
		[operation],
		[
			{
				displayName: 'Role ID',
				name: 'roleId',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. cm9sZS1vcHM=',
				description,
			},
		],
		'permission',
	);
