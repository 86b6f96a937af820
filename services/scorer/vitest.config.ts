import { processTimeouts, vaktTestConfig } from '../../vitest.shared.js';

export default vaktTestConfig(processTimeouts);
