/**
 * The property-testing barrel (`dfsweo/properties`): arbitraries for fault plans, schedule
 * perturbations and command sequences; pure invariant checkers over a trace; `simProperty`.
 */
export {};
