// The sink's public surface: the app factory (`vakt up` builds it over the in-process bus), its settings, its runner.
export { createSinkApp, type SinkDeps, type SinkOptions } from './app.js';
export { sinkSettings, sinkSpec } from './settings.js';
export { runSink } from './main.js';
