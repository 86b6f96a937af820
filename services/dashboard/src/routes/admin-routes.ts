import type { FastifyInstance } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import { hashPassword, hashToken, randomSecret } from '../auth/password.js';
import type { Role, UserStore } from '../auth/users.js';
import { Password, Username, publicUser } from './auth-routes.js';

const RoleSchema = { type: 'string', enum: ['viewer', 'editor', 'admin'] } as const;
const IdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

/** Users and API tokens: admin only. */
export function adminRoutes(
  app: FastifyInstance,
  d: { users: UserStore; now: () => number; revoked: () => Promise<void> },
): void {
  const admin = { access: 'admin' as const };

  app.get('/api/users', { config: admin }, async () => ({ users: (await d.users.listUsers()).map(publicUser) }));

  app.post<{ Body: { username: string; password: string; role: Role } }>(
    '/api/users',
    {
      config: admin,
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password', 'role'],
          additionalProperties: false,
          properties: { username: Username, password: Password, role: RoleSchema },
        },
      },
    },
    async (req, reply) => {
      const user = await d.users.createUser(
        { username: req.body.username, role: req.body.role, passwordHash: await hashPassword(req.body.password) },
        d.now(),
      );
      reply.status(201);
      return { user: publicUser(user) };
    },
  );

  app.patch<{ Params: { id: string }; Body: { role?: Role; disabled?: boolean; password?: string } }>(
    '/api/users/:id',
    {
      config: admin,
      schema: {
        params: IdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { role: RoleSchema, disabled: { type: 'boolean' }, password: Password },
        },
      },
    },
    async (req) => {
      const current = await d.users.getUser(req.params.id);
      if (!current) throw new VaktError('VAKT_NOT_FOUND', `user ${req.params.id} does not exist`);
      if (req.params.id === req.principal!.id && (req.body.role !== undefined || req.body.disabled)) {
        // An admin demoting or disabling themselves could leave nobody able to administer.
        throw new VaktError('VAKT_REQUEST_INVALID', 'you cannot change your own role or disable yourself');
      }
      const patch: Parameters<UserStore['updateUser']>[1] = {};
      if (req.body.role) patch.role = req.body.role;
      if (req.body.disabled !== undefined) patch.disabled = req.body.disabled;
      if (req.body.password) patch.passwordHash = await hashPassword(req.body.password);
      if (req.body.password || req.body.disabled) patch.sessionEpoch = current.sessionEpoch + 1;
      const updated = await d.users.updateUser(req.params.id, patch);
      if (patch.sessionEpoch !== undefined || patch.role !== undefined) await d.revoked();
      return { user: publicUser(updated) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/users/:id',
    { config: admin, schema: { params: IdParams } },
    async (req) => {
      if (req.params.id === req.principal!.id)
        throw new VaktError('VAKT_REQUEST_INVALID', 'you cannot delete yourself');
      await d.users.deleteUser(req.params.id);
      await d.revoked();
      return { ok: true };
    },
  );

  app.get('/api/tokens', { config: admin }, async () => ({
    tokens: (await d.users.listTokens()).map(({ tokenHash: _h, ...t }) => t),
  }));

  app.post<{ Body: { name: string; role: Role } }>(
    '/api/tokens',
    {
      config: admin,
      schema: {
        body: {
          type: 'object',
          required: ['name', 'role'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9 ._-]+$' },
            role: RoleSchema,
          },
        },
      },
    },
    async (req, reply) => {
      const secret = `vakt_${randomSecret(32)}`;
      const { tokenHash: _h, ...token } = await d.users.createToken(
        { name: req.body.name, role: req.body.role, tokenHash: hashToken(secret), createdBy: req.principal!.name },
        d.now(),
      );
      reply.status(201);
      // The secret is returned exactly once; only its hash is kept.
      return { token, secret };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/tokens/:id',
    { config: admin, schema: { params: IdParams } },
    async (req) => {
      await d.users.deleteToken(req.params.id);
      await d.revoked();
      return { ok: true };
    },
  );
}
