/** The server's attributes, plain or privileged, as the owner of the five attribute operations. */
import { SERVER_NOT_FOUND } from '../../../shared/helpers/administration';
import type { AttributeScope } from '../attributeOperations';

export const serverAttributes: AttributeScope = {
	resource: 'server',
	whose: 'the server',
	fields: [
		{
			displayName: 'Privileged Attributes',
			name: 'privileged',
			type: 'boolean',
			default: false,
			description:
				"Whether to use the server's privileged attributes (set by the tenant's administrators, needs the global servers permission) instead of its own",
		},
	],
	owner: (item) => {
		const privileged = item.check.boolean('Privileged Attributes', item.parameter('privileged', false));
		return {
			path: privileged ? '/privilegedattributes/' : '/attributes/',
			names: { serverid: item.serverId },
			readPermission: privileged ? 'global servers' : 'servers',
			writePermission: privileged ? 'global servers' : 'servers',
			notFound: SERVER_NOT_FOUND,
		};
	},
};
