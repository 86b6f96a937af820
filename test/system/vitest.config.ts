import { serialSuite, vaktTestConfig } from '../../vitest.shared.js';

export default vaktTestConfig(serialSuite);
