/**
 * The file cronpack writes at the top of every output folder it owns (build's
 * cron.d, package's deb folder). It lists what cronpack wrote there: only
 * those entries are ever replaced or removed, and discovery skips any folder
 * that holds it, so an output is never scanned as part of the repository.
 */
export const outputMarkerName = '.cronpack-output.json';
