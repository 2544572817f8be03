import type { INodeProperties } from 'n8n-workflow';

/** "Put Output File in Field": where an operation that answers with a file puts it (`binaryPropertyName`). */
export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};
