import { describe, expect, it } from 'vitest';

import { detectRequiredUserFields } from './detect-required-user-fields.js';

const schema = `
enum Role {
  MEMBER
  ADMIN
}

model Team {
  id    Int    @id
  users User[]
}

model User {
  id          String   @id @default(uuid())
  email       String   @unique
  displayName String   @map("display_name")
  age         Int
  score       Float
  agreed      Boolean
  birthday    DateTime
  role        Role
  settings    Json
  nickname    String?
  tags        String[]
  createdAt   DateTime @default(now())
  updatedAt   DateTime @updatedAt
  team        Team     @relation(fields: [teamId], references: [id])
  teamId      Int
  isActive    Boolean
}
`;

describe('detectRequiredUserFields', () => {
  it('lists required fields without a default, with the zod check for each', () => {
    const fields = detectRequiredUserFields([{ path: 'schema.prisma', content: schema }], 'User');
    expect(fields).toEqual([
      { name: 'displayName', type: 'String', zod: 'text' },
      { name: 'age', type: 'Int', zod: 'z.number().int()' },
      { name: 'score', type: 'Float', zod: 'z.number()' },
      { name: 'agreed', type: 'Boolean', zod: 'z.boolean()' },
      { name: 'birthday', type: 'DateTime', zod: 'z.coerce.date()' },
      { name: 'role', type: 'Role', zod: "z.enum(['MEMBER', 'ADMIN'])" },
      { name: 'settings', type: 'Json', zod: null },
      { name: 'teamId', type: 'Int', zod: 'z.number().int()' },
    ]);
  });

  it('finds nothing without a User model', () => {
    expect(detectRequiredUserFields([{ path: 'schema.prisma', content: 'model Post {\n  id Int @id\n}\n' }], 'User')).toEqual([]);
  });
});
