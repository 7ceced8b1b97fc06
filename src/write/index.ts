export { writeTreeAtomically, planChanges, type OutputFile, type Change } from './write-tree.js';
export { replaceFolderAtomically } from './replace-folder.js';
