import { Type, type Static } from '@sinclair/typebox';
import type { User } from '../db/schema.js';

/** An account as the API shows it: no hash, no tokens. */
export const PublicUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  full_name: Type.Union([Type.String(), Type.Null()]),
  verified: Type.Boolean(),
});
export type PublicUser = Static<typeof PublicUser>;

export function publicUser(user: User): PublicUser {
  return {
    id: user.id,
    email: user.email,
    full_name: user.full_name,
    verified: user.verified_at !== null,
  };
}
