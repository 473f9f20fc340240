import { hash, verify, type Options } from '@node-rs/argon2';
import { Type } from '@sinclair/typebox';

/** The password rule: 8 to 128 characters (OWASP: long passphrases allowed, no composition rules). */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;
export const Password = Type.String({
  minLength: PASSWORD_LENGTH.min,
  maxLength: PASSWORD_LENGTH.max,
});

/** OWASP's first choice: argon2id, m = 19 MiB, t = 2, p = 1. */
const ARGON2ID: Options = {
  algorithm: 2, // Argon2id (a const enum, which isolated modules cannot import)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}
