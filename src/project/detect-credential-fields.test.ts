import { describe, expect, it } from 'vitest';

import { detectCredentialFields } from './detect-credential-fields.js';

const schema = `
model User {
  id             Int           @id @default(autoincrement())
  email          String        @unique
  password       String
  password_hash  String?
  resetToken     String?
  totpSecret     Bytes
  hashedPassword String        @default("")
  accessTokens   AccessToken[]
  passport       String        @default("none")
  name           String
}

model AccessToken {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id])
}
`;

describe('detectCredentialFields', () => {
  it('sorts the model’s own credential columns by what the auth code does with them', () => {
    expect(detectCredentialFields([{ path: 'schema.prisma', content: schema }], 'User')).toEqual({
      hidden: ['password', 'password_hash', 'resetToken', 'totpSecret', 'passport'],
      filledWithHash: ['password'],
      unfillable: ['totpSecret'],
    });
  });

  it('finds nothing without the model', () => {
    expect(detectCredentialFields([{ path: 'schema.prisma', content: schema }], 'Member')).toEqual({
      hidden: [],
      filledWithHash: [],
      unfillable: [],
    });
  });
});
