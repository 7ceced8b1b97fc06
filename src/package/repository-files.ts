/** Files at the root of the scripts repository that are not scripts: the scripts package leaves them out. */

/** Files of the repository that are cronpack's, not the scripts': left out of the scripts package. */
export const ownFiles: readonly string[] = ['cronpack.config.json', 'package.json', 'package-lock.json'];

/** License files at the root: their terms go into /usr/share/doc/PKG/copyright, not beside the scripts. */
export const licenseFiles: readonly string[] = ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'COPYING', 'COPYING.txt', 'COPYING.md'];
