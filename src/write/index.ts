export { writeTreeAtomically, planChanges, type OutputFile, type Change } from './write-tree.js';
