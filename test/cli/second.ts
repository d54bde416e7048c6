/** A second scenario module for the CLI tests (`dfsweo check` of several modules on one pool). */
import { spawn } from '../../src/index.js';
import { defineScenario } from '../../properties/index.js';
import { callServer, echoServer } from '../properties/harness/scenarios.js';

export const calm = defineScenario({
  name: 'calm',
  main: function* () {
    spawn(echoServer);
    return yield* callServer(2);
  },
});
