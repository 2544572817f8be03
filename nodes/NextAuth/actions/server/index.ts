/** The server operations, by their `operation` value. Order is the order of the editor's list. */
import * as getVisualHash from './getVisualHash.operation';

export const operations = { getVisualHash };
