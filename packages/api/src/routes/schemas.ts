import { Type } from '@sinclair/typebox';

/** The body of every error answer. */
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. VALIDATION_FAILED, TOKEN_EXPIRED' }),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'JSON pointer' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'ErrorResponse', title: 'ErrorResponse' },
);

export const errorRef = Type.Ref('ErrorResponse');
