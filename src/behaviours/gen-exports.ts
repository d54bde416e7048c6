/**
 * The `gen` helpers other behaviours (supervisor, gen_statem, gen_event) build on: the call
 * protocol, reply, name registration and resolution, the server loop's system handling.
 */
export { call, reply, sendTo, rewrap, GenCallExit, type CallShape, type From } from './gen.js';
export { callCycles, CallWait, registered } from './call-wait.js';
export { registerName, unregisterName, ownsName, resolve, formatRef, displayName, isServerName, globalRegistry, type ServerName, type ServerRef, type ViaModule, type Resolved } from './names.js';
export { handleSystem, debugEvent, debugFromOptions, isSystemMsg, Debug, type SystemServer } from './sys-handler.js';
export { Stop, Crash, caught, interpret, isAction } from './gen-server-results.js';
