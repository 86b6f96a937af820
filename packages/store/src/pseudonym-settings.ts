import { VaktError } from '@vakt/errors/vakt-error';
import { createPseudonymiser, type Pseudonymiser } from './pseudonym.js';

/**
 * The author pseudonymiser, when turned on. In server mode every ingest, sink and dashboard must share the key, so a missing
 * key is a configuration error; embedded mode (one process) may generate and keep one in its data dir: it passes
 * `generatedSecret`, asked only when no key is configured.
 */
export async function pseudonymiserFrom(
  config: { pseudonymiseAuthors: boolean; pseudonymSecret: string },
  generatedSecret?: () => Promise<string>,
): Promise<Pseudonymiser | undefined> {
  if (!config.pseudonymiseAuthors) return undefined;
  let secret = config.pseudonymSecret;
  if (!secret && generatedSecret) secret = await generatedSecret();
  if (secret.length < 32) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      'VAKT_PSEUDONYM_SECRET: expected at least 32 characters when VAKT_PSEUDONYMISE_AUTHORS is on (the same value on every ingest, sink and dashboard)',
    );
  }
  return createPseudonymiser({ secret });
}
