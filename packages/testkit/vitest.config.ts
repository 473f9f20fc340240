import { projectConfig } from './src/vitest-config.js';

export default projectConfig({ postgres: true });
