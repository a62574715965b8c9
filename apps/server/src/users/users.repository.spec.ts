/** Medium: there is always an active admin, even when two admins demote each other at the same moment. */
import { randomUUID } from 'node:crypto';
import { DatabaseWrites } from '../database/database-writes';
import { type TestDatabase, openTestDatabase } from '../testing/databases';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

function newUser(username: string, role: UserEntity['role']): UserEntity {
  return {
    id: randomUUID(),
    username,
    passwordHash: null,
    role,
    createdAt: new Date().toISOString(),
    lastLoginAt: null,
    disabled: false,
  };
}

describe.each(['sqlite', 'postgres'] as const)('UsersRepository on %s', (kind) => {
  let db: TestDatabase;
  let users: UsersRepository;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    users = new UsersRepository(db.dataSource.getRepository(UserEntity), new DatabaseWrites(db.dataSource));
  });

  afterAll(async () => {
    await db.drop();
  });

  const activeAdmins = async () =>
    (await users.list())
      .filter((user) => user.role === 'admin' && !user.disabled)
      .map((user) => user.username);

  it('lets only one of two admins demoting each other at once succeed', async () => {
    const ada = newUser('ada', 'admin');
    const bob = newUser('bob', 'admin');
    await users.insert(ada);
    await users.insert(bob);
    const results = await Promise.all([
      users.update(ada.id, { role: 'operator' }),
      users.update(bob.id, { role: 'operator' }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await activeAdmins()).toHaveLength(1);
  });

  it('refuses to disable or delete the last active admin, and changes nothing then', async () => {
    const [last] = (await users.list()).filter((user) => user.role === 'admin');
    await expect(users.update(last!.id, { disabled: true })).resolves.toBe(false);
    await expect(users.delete(last!.id)).resolves.toBe(false);
    expect(await activeAdmins()).toEqual([last!.username]);
    const cleo = newUser('cleo', 'viewer');
    await users.insert(cleo);
    await expect(users.delete(cleo.id)).resolves.toBe(true);
    expect((await users.list()).map((user) => user.username)).not.toContain('cleo');
  });
});
