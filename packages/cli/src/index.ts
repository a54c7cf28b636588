// Exports added here are public: list each one by name.
export { main, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './main.js';
export { describeMachine } from './measure/overhead/describe-machine.js';
export type { MachineDescription } from './measure/overhead/describe-machine.js';
