import { Type } from '@sinclair/typebox';

export { ErrorResponse } from '../errors.js';

/** Every route's error answers refer to the one shared schema. */
export const errorRef = Type.Ref('ErrorResponse');
