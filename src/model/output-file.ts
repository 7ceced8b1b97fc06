/** A file to write below an output folder: what render and package make, and write/ writes. */
export interface OutputFile {
  /** Path below the managed folder, forward slashes. */
  path: string;
  content: string | Buffer;
  mode?: number;
}
