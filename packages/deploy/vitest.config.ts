import { projectConfig } from '@fluentmeet/testkit/vitest';

export default projectConfig();
