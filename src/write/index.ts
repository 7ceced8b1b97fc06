export { writeTreeAtomically, writeFiles, planChanges, type OutputFile, type Change } from './write-tree.js';
export { replaceFolderAtomically } from './replace-folder.js';
export { checkOutputFolder, type OutputOwnership, type OutputState } from './check-output-folder.js';
export { foreignInOldCronFolder } from './old-cron-folder.js';
