// The alerter's public surface: the app factory (`vakt up` builds it over the in-process bus) with the demo's
// detector settings, its settings, its runner.
export { createAlerterApp, type AlerterDeps, type AlerterOptions } from './app.js';
export { DEMO_ALERTER_OPTIONS } from './demo-options.js';
export { alerterSettings, alerterSpec } from './settings.js';
export { runAlerter } from './main.js';
