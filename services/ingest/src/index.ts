// Ingest's public surface: the app factory and the connector wiring (`vakt up` runs both in its own process), its
// settings, its runner.
export { createIngestApp, type IngestDeps, type IngestOptions } from './app.js';
export { connectorHealth, logConnectorPlan, planConnectors, startConnectors } from './connectors.js';
export { ingestApiSettings, ingestSettings, ingestSpec } from './settings.js';
export { runIngest } from './main.js';
export { registryMatcher } from './watches.js';
