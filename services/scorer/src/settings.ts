import { composeSpec, type ConfigSpec } from '@vakt/config/spec';
import { commonSettings, httpSettings, kafkaSettings, modelSettings } from '@vakt/runtime/settings';

export const scorerSettings = {
  watchesFile: {
    env: 'VAKT_WATCHES_FILE',
    flag: '--watches-file',
    type: 'path',
    description:
      "YAML/JSON file of watches, the same as ingest's: the scorer applies each watch's domainWords to its mentions and reads the names in its query (capitalised terms, abbreviations, domains) as blank. Unset: the watches in the data dir, followed live.",
  },
} satisfies ConfigSpec;

/** Everything `vakt service scorer` reads. */
export const scorerSpec = composeSpec(commonSettings, httpSettings, kafkaSettings, modelSettings, scorerSettings);
