import { accountExists } from './account-exists.js';
import type { TemplateSet } from './definition.js';
import { passwordChanged } from './password-changed.js';
import { passwordReset } from './password-reset.js';
import { verification } from './verification.js';

/** Keyed by the contracts' template names; the type makes a missing or extra template a compile error. */
export const TEMPLATES: TemplateSet = {
  verification,
  password_reset: passwordReset,
  password_changed: passwordChanged,
  account_exists: accountExists,
};
