// The scorer's public surface: the app factory (`vakt up` builds it over the in-process bus), its settings, its runner.
export { createScorerApp, type ScorerDeps, type ScorerOptions } from './app.js';
export { scorerSettings, scorerSpec } from './settings.js';
export { runScorer } from './main.js';
