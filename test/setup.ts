/**
 * Every fast-check property in the suite runs from one seed, so CI is reproducible: a failure
 * prints its seed and path, and `FC_SEED=<seed> npm test` re-runs the same cases. Set
 * `FC_SEED=random` to explore new cases (a sweep, not the default run).
 */
import fc from 'fast-check';

const env = process.env['FC_SEED'];
if (env !== 'random') fc.configureGlobal({ seed: env === undefined ? 20261201 : Number(env) });
