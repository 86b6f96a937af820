// The dashboard's public surface: the app factory and its store-backed data (`vakt up` serves it in its own process),
// its settings, its runner.
export { createDashboardApp, type DashboardApp } from './app.js';
export type { DashboardDeps, DashboardOptions } from './deps.js';
export { startRetention, storeBackedDeps } from './store-deps.js';
export { dashboardServiceSettings, dashboardSettings, dashboardSpec } from './settings.js';
export { runDashboard, webRoot } from './main.js';
