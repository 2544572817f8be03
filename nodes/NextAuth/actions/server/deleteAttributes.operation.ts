import { deleteAttributesOperation } from '../attributeOperations';
import { serverAttributes } from './attributeScope';

export const { option, description, execute } = deleteAttributesOperation(serverAttributes);
