export { parseBlocks } from './parse-blocks.js';
