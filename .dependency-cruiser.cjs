// Dependency rules, checked by `npm run lint` (dependency-cruiser): no import cycles between
// modules; folders in layers, each importing only folders of the layers below it (so no cycle
// between folders either); switchman (the runtime on every box) never imports cronpack's build
// pipeline.

/**
 * cronpack's folders, bottom to top. The stages run in pipeline order (discover -> extract ->
 * parse -> validate -> plan -> render -> package -> write); pipeline/ composes them, report/
 * prints diagnostics, cli/ is the command line. Folders on one line are peers: neither may
 * import the other. src/index.ts (the library API) re-exports from any of them.
 */
const LAYERS = [
  ['core', 'text', 'catalogue'],
  ['diagnostics'],
  ['schedule'],
  ['contract'],
  ['config', 'model'],
  ['discover'],
  ['extract'],
  ['parse'],
  ['validate'],
  ['plan'],
  ['load'],
  ['render'],
  ['package'],
  ['write', 'packager'],
  ['pipeline'],
  ['report'],
  ['cli'],
];

const known = [...LAYERS.flat(), 'switchman'];

/** One rule per folder: nothing from its own layer (but itself) or above. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((folder) => {
    const notBelow = LAYERS.slice(index).flat().filter((other) => other !== folder);
    return {
      name: `layer-${folder}`,
      severity: 'error',
      comment: `src/${folder}/ may import only the layers below it (.dependency-cruiser.cjs, LAYERS): ${notBelow.join(', ')} are its peers or above.`,
      from: { path: `^src/${folder}/` },
      to: { path: `^src/(${notBelow.join('|')})/` },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'folder-in-a-layer',
      severity: 'error',
      comment: 'Every module lives in a folder of LAYERS (or switchman/); only index.ts, the library API, sits in src/ itself.',
      from: { path: '^src/', pathNot: [`^src/(${known.join('|')})/`, '^src/index\\.ts$'] },
      to: {},
    },
    { name: 'no-circular', severity: 'error', comment: 'An import cycle: split out what both sides need.', from: {}, to: { circular: true } },
    {
      name: 'switchman-stays-small',
      severity: 'error',
      comment: 'switchman shares only the contract and the schedule model with cronpack.',
      from: { path: '^src/switchman/' },
      to: { path: '^src/', pathNot: ['^src/switchman/', '^src/contract/', '^src/schedule/'] },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment: 'The cronpack/switchman contract depends on nothing but the schedule model.',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: ['^src/contract/', '^src/schedule/model\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.test\\.ts$' },
  },
};
