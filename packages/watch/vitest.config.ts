import { vaktTestConfig } from '../../vitest.shared.js';

export default vaktTestConfig();
