// What ZooKeeper's resource nodes say that cannot be right (totals that disagree, a queue that
// lost our place or holds a stranger): the data's fault, not ours (exit 78, not 70).
export class ResourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceError';
  }
}
