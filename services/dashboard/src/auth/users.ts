import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { VaktError } from '@vakt/errors/vakt-error';

/** viewer reads; editor also acts on alerts and edits watches; admin also manages users and tokens. */
export type Role = 'viewer' | 'editor' | 'admin';
export const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export interface User {
  id: string;
  username: string;
  role: Role;
  /** `hashPassword` output; never leaves the service. */
  passwordHash: string;
  /** Bumped on password change or disable: every session issued under an older epoch stops working. */
  sessionEpoch: number;
  disabled: boolean;
  createdAt: string;
}

/** A machine credential. Only the SHA-256 of the secret is stored; the secret is shown once at creation. */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  tokenHash: string;
  createdAt: string;
  createdBy: string;
}

/**
 * Where users and API tokens live. Usernames are unique case-insensitively: `createUser` rejects a duplicate with
 * VaktError('VAKT_REQUEST_INVALID'); `updateUser`/`deleteUser`/`deleteToken` reject an unknown id with VAKT_NOT_FOUND.
 */
export interface UserStore {
  listUsers(): Promise<User[]>;
  getUser(id: string): Promise<User | undefined>;
  findByUsername(username: string): Promise<User | undefined>;
  createUser(u: Omit<User, 'id' | 'createdAt' | 'sessionEpoch' | 'disabled'>, now: number): Promise<User>;
  updateUser(
    id: string,
    patch: Partial<Pick<User, 'role' | 'passwordHash' | 'disabled' | 'sessionEpoch'>>,
  ): Promise<User>;
  deleteUser(id: string): Promise<void>;
  listTokens(): Promise<ApiToken[]>;
  createToken(t: Omit<ApiToken, 'id' | 'createdAt'>, now: number): Promise<ApiToken>;
  findTokenByHash(hash: string): Promise<ApiToken | undefined>;
  deleteToken(id: string): Promise<void>;
}

interface Snapshot {
  users: User[];
  tokens: ApiToken[];
}

/**
 * A UserStore in memory, optionally persisted to a JSON file (written atomically via rename after every change) so
 * a single dashboard process keeps its users across restarts. Several processes need a shared store instead.
 */
export function createMemoryUserStore(opts: { file?: string } = {}): UserStore {
  const users = new Map<string, User>();
  const tokens = new Map<string, ApiToken>();
  if (opts.file && existsSync(opts.file)) {
    const snap = JSON.parse(readFileSync(opts.file, 'utf8')) as Snapshot;
    for (const u of snap.users) users.set(u.id, u);
    for (const t of snap.tokens) tokens.set(t.id, t);
  }
  const persist = (): void => {
    if (!opts.file) return;
    const tmp = `${opts.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ users: [...users.values()], tokens: [...tokens.values()] }), { mode: 0o600 });
    renameSync(tmp, opts.file);
  };
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new VaktError('VAKT_NOT_FOUND', `${what} does not exist`);
    return v;
  };
  const byName = (name: string): User | undefined =>
    [...users.values()].find((u) => u.username.toLowerCase() === name.toLowerCase());

  return {
    listUsers: async () => [...users.values()],
    getUser: async (id) => users.get(id),
    findByUsername: async (name) => byName(name),
    async createUser(u, now) {
      if (byName(u.username)) throw new VaktError('VAKT_REQUEST_INVALID', `username "${u.username}" is taken`);
      const user: User = {
        ...u,
        id: randomUUID(),
        createdAt: new Date(now).toISOString(),
        sessionEpoch: 0,
        disabled: false,
      };
      users.set(user.id, user);
      persist();
      return user;
    },
    async updateUser(id, patch) {
      const user = { ...need(users.get(id), `user ${id}`), ...patch };
      users.set(id, user);
      persist();
      return user;
    },
    async deleteUser(id) {
      need(users.get(id), `user ${id}`);
      users.delete(id);
      persist();
    },
    listTokens: async () => [...tokens.values()],
    async createToken(t, now) {
      const token: ApiToken = { ...t, id: randomUUID(), createdAt: new Date(now).toISOString() };
      tokens.set(token.id, token);
      persist();
      return token;
    },
    findTokenByHash: async (hash) => [...tokens.values()].find((t) => t.tokenHash === hash),
    async deleteToken(id) {
      need(tokens.get(id), `token ${id}`);
      tokens.delete(id);
      persist();
    },
  };
}
