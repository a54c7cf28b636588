import { createMemoryStore } from '../../src/index.js';
import { describeSpanStoreContract } from '../contract/span-store-contract.js';

describeSpanStoreContract('memory', (options) =>
  Promise.resolve(createMemoryStore(options)),
);
