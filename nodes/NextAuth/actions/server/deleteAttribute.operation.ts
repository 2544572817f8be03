import { deleteAttributeOperation } from '../attributeOperations';
import { serverAttributes } from './attributeScope';

export const { option, description, execute } = deleteAttributeOperation(serverAttributes);
