import { deleteAttributesOperation } from '../attributeOperations';
import { globalAttributes } from './attributeScope';

export const { option, description, execute } = deleteAttributesOperation(globalAttributes);
