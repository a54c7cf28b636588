/**
 * The toy system's "rolldice" service (deployed twice, as rolldice-a and
 * rolldice-b): `/` and `/home` greet; `/rolldice` and `/rolldice/{count}`
 * are a profiled handler calling the profiled `roll(count)`, so one request
 * gives a parent hop and a child hop. A bad count gets a polite 400.
 */
import type { Route } from '../server/http-service.js';
import { sendText } from '../server/http-service.js';
import type {
  Instrumentation,
  RouteHandler,
} from '../server/instrumentation.js';
import type { RollCounter } from './roll-counter.js';

export const ROLLDICE_ROUTE = 'rolldice';
export const ROLL_FUNCTION = 'roll';
export const MAX_DICE = 1000;
export const DICE_SIDES = 6;

export const ROLLDICE_MESSAGES = {
  greeting: (service: string) =>
    `Hello from ${service}! Roll a die at ./rolldice, or several at ./rolldice/3.\n`,
  badCount: (text: string) =>
    `Sorry, "${text}" is not a number of dice I can roll: please ask for a whole number from 1 to ${MAX_DICE}.\n`,
} as const;

/** The number of dice asked for, or null when it is not a whole number in 1…MAX_DICE. */
export function parseDiceCount(text: string | undefined): number | null {
  if (text === undefined) {
    return 1;
  }
  if (!/^\d+$/.test(text.trim())) {
    return null;
  }
  const count = Number(text.trim());
  return count >= 1 && count <= MAX_DICE ? count : null;
}

export interface RolldiceOptions {
  readonly serviceName: string;
  readonly instrumentation: Instrumentation;
  readonly counter: RollCounter;
  readonly random?: () => number;
}

export function createRolldiceRoutes(
  options: RolldiceOptions,
): Map<string, Route> {
  const { serviceName, instrumentation, counter } = options;
  const random = options.random ?? Math.random;

  const roll = instrumentation.profileFunction(
    ROLL_FUNCTION,
    (count: number): number[] => {
      const values: number[] = [];
      for (let i = 0; i < count; i++) {
        const value = 1 + Math.floor(random() * DICE_SIDES);
        counter.add(value);
        values.push(value);
      }
      return values;
    },
  );

  const rolldice: RouteHandler = (_req, res, params) => {
    const count = parseDiceCount(params[0]);
    if (count === null) {
      sendText(res, 400, ROLLDICE_MESSAGES.badCount(params[0] ?? ''));
      return Promise.resolve();
    }
    const values = roll(count);
    const total = values.reduce((a, b) => a + b, 0);
    sendText(
      res,
      200,
      `${serviceName} rolled ${count === 1 ? 'a die' : `${count} dice`}: ${values.join(' ')} (total ${total})\n`,
    );
    return Promise.resolve();
  };

  const greet: RouteHandler = (_req, res) => {
    sendText(res, 200, ROLLDICE_MESSAGES.greeting(serviceName));
    return Promise.resolve();
  };

  return new Map<string, Route>([
    ['', { handle: greet }],
    ['home', { handle: greet }],
    [
      ROLLDICE_ROUTE,
      {
        handle: instrumentation.profileRoute(ROLLDICE_ROUTE, rolldice),
        maxParams: 1,
      },
    ],
  ]);
}
