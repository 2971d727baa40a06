/**
 * Credential columns the owner's user model already has (`password`,
 * `password_hash`, `resetToken`, ...). The auth code keeps its own hash in
 * `hashedPassword`; these must never be sent to clients, never be set from a
 * request body, and a required password column gets the same argon2id hash so
 * that registration can fill it.
 */
import { findModel } from '../prisma/add-to-model.js';
import { fieldsOf, findAttribute } from '../prisma/auth-model-fields.js';
import type { SchemaFile } from '../prisma/parse-prisma-schema.js';

/** The user model's credential fields, by what the auth code does with them. */
export interface CredentialFields {
  /** Every credential field: left out of every user the server returns. */
  hidden: string[];
  /** Required String password columns without a default: written with the hash. */
  filledWithHash: string[];
  /** Other required credential fields without a default, which registration cannot fill. */
  unfillable: string[];
}

const CREDENTIAL_NAME = /pass(word)?|hash|salt|secret|token|otp/i;
// Relations (`accessTokens AccessToken[]`) are not columns: only scalar fields count.
const SCALAR_TYPES = new Set(['String', 'Bytes', 'Json', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime']);

/** Whether a field name looks like a credential (create-auth's own hashedPassword aside). */
export function isCredentialName(name: string): boolean {
  return name !== 'hashedPassword' && CREDENTIAL_NAME.test(name);
}

/** The credential fields of model `name`; all empty when the schema has no such model. */
export function detectCredentialFields(files: readonly SchemaFile[], name: string): CredentialFields {
  const found: CredentialFields = { hidden: [], filledWithHash: [], unfillable: [] };
  const model = files.map((file) => findModel(file.content, name)).find((entry) => entry);
  if (!model) return found;
  for (const field of fieldsOf(model)) {
    if (!isCredentialName(field.name) || typeof field.fieldType !== 'string') continue;
    if (!SCALAR_TYPES.has(field.fieldType)) continue;
    found.hidden.push(field.name);
    const required = !field.optional && !field.array && !findAttribute(field, 'default');
    if (!required) continue;
    if (field.fieldType === 'String' && /pass/i.test(field.name)) found.filledWithHash.push(field.name);
    else found.unfillable.push(field.name);
  }
  return found;
}
