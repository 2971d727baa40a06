/**
 * The fields create-auth's generated code relies on, as Prisma AST nodes, and
 * the checks that tell whether an existing field can serve as one of them.
 * REFERENCE.md, "The data model (Prisma)", is the source of this list.
 */
import type { Attribute, BlockAttribute, Comment, Field, Model } from '@mrleebo/prisma-ast';

/** The id types the generated code supports. */
export type UserIdType = 'Int' | 'String';

/** A field the auth code needs, and what an existing field of that name must look like. */
export interface FieldSpec {
  field: Field;
  /** The attribute an existing field must carry, if any (for example `unique`). */
  requiredAttribute?: string;
  /** The `@default(...)` the spec uses, compared as printed text. */
  expectedDefault?: string;
  /** A `///` doc comment printed above the field when it is added. */
  doc?: Comment;
}

function attribute(name: string, arg?: Attribute['args']): Attribute {
  return { type: 'attribute', kind: 'field', name, ...(arg ? { args: arg } : {}) };
}

function defaultTo(value: string | { fn: string }): Attribute {
  const argValue =
    typeof value === 'string' ? value : { type: 'function' as const, name: value.fn };
  return attribute('default', [{ type: 'attributeArgument', value: argValue }]);
}

function field(name: string, fieldType: string, attributes: Attribute[] = []): Field {
  return { type: 'field', name, fieldType, ...(attributes.length ? { attributes } : {}) };
}

/** The id field of a User model create-auth creates. */
export function newUserIdField(): Field {
  return field('id', 'Int', [attribute('id'), defaultTo({ fn: 'autoincrement' })]);
}

/**
 * The User fields besides id, in the order they are added. Added to a model
 * that already exists, hashedPassword gets `@default("")`: the table may
 * already have rows, and the owner's code may already create users without a
 * password. An empty hash matches no password, so such a user cannot log in
 * until one is set.
 */
export function userFieldSpecs(modelExists: boolean): FieldSpec[] {
  return [
    { field: field('email', 'String', [attribute('unique')]), requiredAttribute: 'unique' },
    modelExists ? passwordWithDefault() : { field: field('hashedPassword', 'String') },
    booleanSpec('isActive', 'true'),
    booleanSpec('isSuperuser', 'false'),
    booleanSpec('isVerified', 'false'),
  ];
}

function passwordWithDefault(): FieldSpec {
  return {
    field: field('hashedPassword', 'String', [defaultTo('""')]),
    doc: {
      type: 'comment',
      text: '/// "" means no password is set yet: this user cannot log in until one is set.',
    },
  };
}

function booleanSpec(name: string, value: 'true' | 'false'): FieldSpec {
  return { field: field(name, 'Boolean', [defaultTo(value)]), expectedDefault: value };
}

/** The AccessToken fields (database strategy), pointing at the user model. */
export function accessTokenFieldSpecs(userModel: string, idType: UserIdType): FieldSpec[] {
  const relation = attribute('relation', [
    {
      type: 'attributeArgument',
      value: { type: 'keyValue', key: 'fields', value: { type: 'array', args: ['userId'] } },
    },
    {
      type: 'attributeArgument',
      value: { type: 'keyValue', key: 'references', value: { type: 'array', args: ['id'] } },
    },
    { type: 'attributeArgument', value: { type: 'keyValue', key: 'onDelete', value: 'Cascade' } },
  ]);
  return [
    { field: field('tokenHash', 'String', [attribute('unique')]), requiredAttribute: 'unique' },
    { field: field('userId', idType) },
    { field: field('user', userModel, [relation]), requiredAttribute: 'relation' },
    { field: field('createdAt', 'DateTime', [defaultTo({ fn: 'now' })]), expectedDefault: 'now()' },
    { field: field('expiresAt', 'DateTime') },
  ];
}

/** `@@index([userId])`: tokens are also looked up and deleted by user. */
export function accessTokenIndex(): BlockAttribute {
  return {
    type: 'attribute',
    kind: 'object',
    name: 'index',
    args: [{ type: 'attributeArgument', value: { type: 'array', args: ['userId'] } }],
  };
}

/** The back-relation on the user model. */
export function accessTokensRelationField(): Field {
  return { type: 'field', name: 'accessTokens', fieldType: 'AccessToken', array: true };
}

/** The fields of a model, without comments, breaks and block attributes. */
export function fieldsOf(model: Model): Field[] {
  return model.properties.filter((p): p is Field => p.type === 'field');
}

/** The attribute `name` on a field (`@unique`, `@default`, ...), ignoring `@db.*`. */
export function findAttribute(target: Field, name: string): Attribute | undefined {
  return target.attributes?.find((a) => a.name === name && !a.group);
}

/** `@default(...)`'s argument as Prisma text: `true`, `now()`, `uuid(4)`. */
export function defaultText(target: Field): string | undefined {
  const value = findAttribute(target, 'default')?.args?.[0]?.value;
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'function') {
    return `${value.name}(${(value.params ?? []).join(', ')})`;
  }
  return String(value);
}

/**
 * What is wrong with an existing field for the auth code, or null when it
 * fits. Problems are reported, never fixed: changing a column the owner's
 * code already uses could change what that code means.
 */
export function fieldProblem(model: string, existing: Field, spec: FieldSpec): string | null {
  const want = spec.field;
  const where = `${model}.${existing.name}`;
  const typeName = typeof existing.fieldType === 'string' ? existing.fieldType : '(unsupported)';
  if (typeName !== want.fieldType || existing.array) {
    return `${where} is ${typeName}${existing.array ? '[]' : ''}; create-auth needs ${want.fieldType}.`;
  }
  if (existing.optional) {
    return `${where} is optional (${typeName}?); create-auth needs it required.`;
  }
  if (spec.requiredAttribute && !findAttribute(existing, spec.requiredAttribute)) {
    return `${where} has no @${spec.requiredAttribute}; create-auth needs it.`;
  }
  return null;
}
