/**
 * Adding create-auth's models to the owner's Prisma schema. Existing models,
 * fields, attributes, comments and formatting are kept; fields are only ever
 * added, never dropped, renamed or changed.
 */
import type { Comment, Field, Model } from '@mrleebo/prisma-ast';

import { DEFAULT_USER_MODEL } from '../options.js';
import {
  accessTokenFieldSpecs,
  accessTokenIndex,
  accessTokensRelationField,
  defaultText,
  fieldProblem,
  fieldsOf,
  findAttribute,
  newUserIdField,
  userFieldSpecs,
} from './auth-model-fields.js';
import type { FieldSpec, UserIdType } from './auth-model-fields.js';
import { addToModel, appendModel } from './add-to-model.js';
import { parsePrismaSchema } from './parse-prisma-schema.js';
import type { SchemaFile } from './parse-prisma-schema.js';

export type { UserIdType } from './auth-model-fields.js';

/** What to merge. */
export interface MergeAuthModelsOptions {
  /** Add the AccessToken model (the database strategy needs it). */
  withAccessToken: boolean;
  /** The user model's name; `User` unless the owner's model is called otherwise. */
  userModel?: string;
}

/** The merged schema and an account of what changed. */
export interface AuthModelsMerge {
  /** Every schema file, in the order given; unchanged files keep their exact text. */
  files: SchemaFile[];
  /** The new text of the file that holds the user model (the whole schema when single-file). */
  text: string;
  /** The file that holds the user model. */
  userFile: string;
  /** False when the schema already had everything (the texts are then byte-identical). */
  changed: boolean;
  /** One human-readable line per addition, e.g. `User: add hashedPassword String`. */
  changes: string[];
  /** Things that work but deserve the owner's attention (a different default, a migration that needs an empty table). */
  warnings: string[];
  /**
   * Existing fields the generated code cannot use as they are (email not
   * @unique, a BigInt id, ...). They are reported, not changed; the generated
   * code will not type-check or will misbehave until the owner resolves them.
   */
  conflicts: string[];
  /** The user model's id type, which AccessToken.userId and the generated code follow. */
  userIdType: UserIdType;
}

interface MergeState {
  files: SchemaFile[];
  changes: string[];
  warnings: string[];
  conflicts: string[];
}

/**
 * Adds the User fields (and with `withAccessToken` the AccessToken model and
 * its back-relation) to a schema given as text or as a multi-file list.
 * A missing User model is created in the file holding the datasource (or the
 * first file); AccessToken goes into the file holding User. Idempotent.
 */
export function mergeAuthModels(
  schema: string | readonly SchemaFile[],
  options: MergeAuthModelsOptions,
): AuthModelsMerge {
  const userModel = options.userModel ?? DEFAULT_USER_MODEL;
  const input = typeof schema === 'string' ? [{ path: 'schema.prisma', content: schema }] : schema;
  const state: MergeState = {
    files: input.map((f) => ({ ...f })),
    changes: [],
    warnings: [],
    conflicts: [],
  };

  const userFile = ensureUserModel(state, userModel, options.withAccessToken);
  const userIdType = checkUserId(state, userModel, userFile);
  // One splice for all new User lines, so they come out aligned together.
  const relation = options.withAccessToken ? backRelationToAdd(state, userModel, userFile) : [];
  ensureFields(state, userFile, userModel, userFieldSpecs(true), relation);

  if (options.withAccessToken) ensureAccessToken(state, userModel, userFile, userIdType);

  const text = state.files[userFile]!.content;
  const changed = state.files.some((file, i) => file.content !== input[i]!.content);
  return { ...state, text, userFile: state.files[userFile]!.path, changed, userIdType };
}

/**
 * Index of the file holding the user model. When no file has it, the model is
 * created whole (so its fields are aligned together) in the datasource's file.
 */
function ensureUserModel(state: MergeState, name: string, withAccessToken: boolean): number {
  const found = fileWithModel(state.files, name);
  if (found !== -1) return found;
  const target = datasourceFileIndex(state.files);
  const fields = [newUserIdField(), ...userFieldSpecs(false).map((spec) => spec.field)];
  if (withAccessToken) fields.push(accessTokensRelationField());
  const model: Model = { type: 'model', name, properties: fields };
  updateFile(state, target, appendModel(state.files[target]!.content, model));
  state.changes.push(`add model ${name} (${fields.map((f) => f.name).join(', ')})`);
  return target;
}

/** The id type of the user model, reporting an id the generated code cannot use. */
function checkUserId(state: MergeState, model: string, file: number): UserIdType {
  const fields = fieldsOf(modelIn(state, file, model));
  const idField = fields.find((f) => findAttribute(f, 'id'));
  if (!idField) return addMissingId(state, model, file, fields);
  const type = idField.fieldType;
  if (idField.name !== 'id') {
    state.conflicts.push(
      `${model}'s primary key is \`${idField.name}\`; the generated code reads \`${model}.id\`. Rename it (with @map("${idField.name}") to keep the column) or adapt the generated code.`,
    );
  }
  if (type !== 'Int' && type !== 'String') {
    state.conflicts.push(
      `${model}.${idField.name} is ${String(type)}; create-auth supports Int and String ids.`,
    );
    return 'Int';
  }
  if (!findAttribute(idField, 'default')) {
    state.conflicts.push(
      `${model}.${idField.name} has no @default; the generated register route does not choose ids. Add @default(${type === 'Int' ? 'autoincrement()' : 'uuid()'}).`,
    );
  }
  return type;
}

function addMissingId(state: MergeState, model: string, file: number, fields: Field[]): UserIdType {
  const modelAst = modelIn(state, file, model);
  const compositeId = modelAst.properties.some((p) => p.type === 'attribute' && p.name === 'id');
  if (compositeId || fields.some((f) => f.name === 'id')) {
    state.conflicts.push(
      `${model} has no single @id field named id; the generated code needs \`id Int @id @default(autoincrement())\` or a String id with @default(uuid()).`,
    );
    return 'Int';
  }
  const id = newUserIdField();
  updateFile(state, file, addToModel(state.files[file]!.content, model, [id]));
  state.changes.push(`${model}: add id Int @id @default(autoincrement())`);
  return 'Int';
}

/** Adds the fields of `specs` the model lacks (then `extra`); checks the ones it has. */
function ensureFields(
  state: MergeState,
  file: number,
  model: string,
  specs: FieldSpec[],
  extra: Field[] = [],
): void {
  const fields = fieldsOf(modelIn(state, file, model));
  const missing: FieldSpec[] = [];
  for (const spec of specs) {
    const existing = fields.find((f) => f.name === spec.field.name);
    if (existing) checkExisting(state, model, existing, spec);
    else missing.push(spec);
  }
  missing.push(...extra.map((field) => ({ field })));
  if (missing.length === 0) return;
  const lines = missing.flatMap((spec): Array<Field | Comment> => [
    ...(spec.doc ? [spec.doc] : []),
    spec.field,
  ]);
  updateFile(state, file, addToModel(state.files[file]!.content, model, lines));
  const added = missing.map((spec) => spec.field);
  for (const field of added) state.changes.push(`${model}: add ${describeField(field)}`);
  warnAboutRequiredColumns(state, model, added);
  warnAboutEmptyPasswords(state, model, added);
}

function checkExisting(state: MergeState, model: string, existing: Field, spec: FieldSpec): void {
  const problem = fieldProblem(model, existing, spec);
  if (problem) {
    state.conflicts.push(problem);
    return;
  }
  const actual = defaultText(existing);
  if (spec.expectedDefault && actual !== spec.expectedDefault) {
    state.warnings.push(
      `${model}.${existing.name} defaults to ${actual ?? 'nothing'}, not ${spec.expectedDefault} as create-auth would set it; the generated code keeps your default.`,
    );
  }
}

/** Required columns without a default cannot be added to a table that already has rows. */
function warnAboutRequiredColumns(state: MergeState, model: string, added: Field[]): void {
  const required = added.filter((f) => !f.optional && !f.array && !findAttribute(f, 'default'));
  const scalar = required.filter((f) => f.name !== 'id');
  if (scalar.length === 0) return;
  const names = scalar.map((f) => f.name).join(', ');
  state.warnings.push(
    `${model} gains required fields without a default (${names}): the migration fails if the ${model} table already has rows. Give existing rows values first, or apply it to an empty table.`,
  );
}

/** Rows that exist before create-auth get an empty hash, which no password matches. */
function warnAboutEmptyPasswords(state: MergeState, model: string, added: Field[]): void {
  const password = added.find((f) => f.name === 'hashedPassword' && findAttribute(f, 'default'));
  if (!password) return;
  state.warnings.push(
    `${model}.hashedPassword is added with @default(""), so code of yours that creates users without a password keeps working and existing rows get "": those users cannot log in until they are given a password (hashPassword() in the auth folder, or a password-reset flow).`,
  );
}

function ensureAccessToken(
  state: MergeState,
  userModel: string,
  userFile: number,
  idType: UserIdType,
): void {
  const specs = accessTokenFieldSpecs(userModel, idType);
  const existing = fileWithModel(state.files, 'AccessToken');
  if (existing === -1) {
    const properties = [...specs.map((s) => s.field), accessTokenIndex()];
    const model: Model = { type: 'model', name: 'AccessToken', properties };
    updateFile(state, userFile, appendModel(state.files[userFile]!.content, model));
    state.changes.push('add model AccessToken');
  } else {
    ensureFields(state, existing, 'AccessToken', specs);
    ensureIndex(state, existing);
  }
}

function ensureIndex(state: MergeState, file: number): void {
  const model = modelIn(state, file, 'AccessToken');
  // Any index or unique constraint that starts with userId serves lookups by user.
  const indexed = model.properties.some((p) => {
    if (p.type !== 'attribute' || (p.name !== 'index' && p.name !== 'unique')) return false;
    const columns = p.args[0]?.value;
    return (
      typeof columns === 'object' &&
      columns !== null &&
      'type' in columns &&
      columns.type === 'array' &&
      columns.args[0] === 'userId'
    );
  });
  if (indexed) return;
  updateFile(
    state,
    file,
    addToModel(state.files[file]!.content, 'AccessToken', [], [accessTokenIndex()]),
  );
  state.changes.push('AccessToken: add @@index([userId])');
}

/** The `accessTokens AccessToken[]` field when the user model lacks a relation to AccessToken. */
function backRelationToAdd(state: MergeState, userModel: string, file: number): Field[] {
  const fields = fieldsOf(modelIn(state, file, userModel));
  if (fields.some((f) => f.fieldType === 'AccessToken')) return [];
  const relation = accessTokensRelationField();
  if (fields.some((f) => f.name === relation.name)) {
    state.conflicts.push(
      `${userModel}.accessTokens already exists and is not AccessToken[]; add the back-relation to AccessToken under another name.`,
    );
    return [];
  }
  return [relation];
}

function describeField(f: Field): string {
  const attributes = (f.attributes ?? []).map((a) => {
    const text = a.name === 'default' ? `@default(${defaultText(f)})` : `@${a.name}`;
    return a.name === 'relation' ? '@relation(... onDelete: Cascade)' : text;
  });
  const type = `${String(f.fieldType)}${f.array ? '[]' : ''}${f.optional ? '?' : ''}`;
  return [f.name, type, ...attributes].join(' ');
}

function modelIn(state: MergeState, file: number, name: string): Model {
  const { ast } = parsePrismaSchema(state.files[file]!.content, state.files[file]!.path);
  const model = ast.list.find((b): b is Model => b.type === 'model' && b.name === name);
  if (!model) throw new Error(`Model ${name} not found in ${state.files[file]!.path}.`);
  return model;
}

function fileWithModel(files: readonly SchemaFile[], name: string): number {
  return files.findIndex((file) =>
    parsePrismaSchema(file.content, file.path).ast.list.some(
      (b) => b.type === 'model' && b.name === name,
    ),
  );
}

function datasourceFileIndex(files: readonly SchemaFile[]): number {
  const found = files.findIndex((file) =>
    parsePrismaSchema(file.content, file.path).ast.list.some((b) => b.type === 'datasource'),
  );
  return Math.max(found, 0);
}

function updateFile(state: MergeState, index: number, content: string): void {
  state.files[index] = { ...state.files[index]!, content };
}
