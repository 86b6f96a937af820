import type { FastifyInstance } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import type { ErasureAudit, Logger, PrivacyActions } from '../deps.js';

// Ids and handles are opaque source strings (any script, '@', quotes); the store binds them, so only length is limited.
const Identifier = { type: 'string', minLength: 1, maxLength: 256 } as const;
// The data-protection request this erasure answers (case number), so the audit can be matched to it. No free text:
// it is logged, and a free-text field invites someone to paste the person's name into the logs.
const Reference = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9 ._:#/-]+$' } as const;

const AUDIT_KEPT = 500;

/**
 * GDPR erasure, admin only: `POST /api/privacy/erase-author` deletes everything stored about one author and
 * answers with the rows deleted per table; `GET /api/privacy/erasures` lists the audit (who, when, which kinds of
 * identifier, how much, outcome). The identifiers themselves are never logged or kept in the audit: keeping the
 * handle of the person who asked to be forgotten would defeat the erasure.
 *
 * Without a wired `privacy` dependency both routes answer 404 with a message saying erasure is not enabled.
 */
export function privacyRoutes(
  app: FastifyInstance,
  d: { privacy: PrivacyActions | undefined; now: () => number; log: Logger },
): void {
  const admin = { access: 'admin' as const };
  // Per process and bounded; the log line written for each erasure is the durable record across processes.
  const audit: ErasureAudit[] = [];

  const requirePrivacy = (): PrivacyActions => {
    if (!d.privacy)
      throw new VaktError(
        'VAKT_NOT_FOUND',
        'GDPR erasure is not enabled on this dashboard (no store is wired for privacy operations)',
      );
    return d.privacy;
  };

  app.post<{ Body: { authorId?: string; handle?: string; reference?: string } }>(
    '/api/privacy/erase-author',
    {
      config: admin,
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          anyOf: [{ required: ['authorId'] }, { required: ['handle'] }],
          properties: { authorId: Identifier, handle: Identifier, reference: Reference },
        },
      },
    },
    async (req) => {
      const privacy = requirePrivacy();
      const { authorId, handle, reference } = req.body;
      const entry: ErasureAudit = {
        at: new Date(d.now()).toISOString(),
        by: req.principal!.name,
        byKind: req.principal!.kind,
        identifiers: [
          ...(authorId !== undefined ? ['authorId' as const] : []),
          ...(handle !== undefined ? ['handle' as const] : []),
        ],
        ok: false,
        ...(reference !== undefined ? { reference } : {}),
      };
      let outcome: Awaited<ReturnType<PrivacyActions['eraseAuthor']>>;
      try {
        outcome = await privacy.eraseAuthor({
          ...(authorId !== undefined ? { authorId } : {}),
          ...(handle !== undefined ? { handle } : {}),
        });
      } catch (e) {
        // A rejected promise is a bug in the wiring, not a store failure (those come back as results); audit it anyway.
        outcome = { ok: false, error: new VaktError('VAKT_INTERNAL', 'erasure failed unexpectedly', { cause: e }) };
      }
      if (outcome.ok) {
        entry.ok = true;
        entry.deleted = outcome.value.deleted;
      } else {
        entry.code = outcome.error.code;
      }
      record(audit, entry);
      d.log.info({ audit: 'privacy.erase-author', ...entry }, outcome.ok ? 'author erased' : 'author erasure failed');
      if (!outcome.ok) throw outcome.error;
      return { erased: true, deleted: outcome.value.deleted, audit: entry };
    },
  );

  app.get('/api/privacy/erasures', { config: admin }, async () => {
    requirePrivacy();
    return { erasures: [...audit].reverse() };
  });
}

function record(audit: ErasureAudit[], entry: ErasureAudit): void {
  audit.push(entry);
  if (audit.length > AUDIT_KEPT) audit.splice(0, audit.length - AUDIT_KEPT);
}
