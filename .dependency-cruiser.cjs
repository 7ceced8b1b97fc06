// Dependency rules, checked by `npm run lint` (dependency-cruiser): no import cycles between
// modules, and switchman (the runtime on every box) never imports cronpack's build pipeline.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
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
