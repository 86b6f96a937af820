// The scorer's public surface: the app factory (`vakt up` builds it over the in-process bus), its settings, its runner.
export { createScorerApp, type ScorerDeps, type ScorerOptions } from './app.js';
export { scorerSettings, scorerSpec } from './settings.js';
export { runScorer } from './main.js';
// The engine and the watches it scores with: `vakt score` and `vakt up` score exactly as the scorer service does.
export { createScorerEngine, resolveModelDir } from './engine.js';
export { scoringWatchesFile } from './watches.js';
