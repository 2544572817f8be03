import { deleteAttributeOperation } from '../attributeOperations';
import { globalAttributes } from './attributeScope';

export const { option, description, execute } = deleteAttributeOperation(globalAttributes);
