/** The notifications archive port: an S3 bucket in AWS, a map on a laptop. */
export interface NotificationArchive {
  /** Stores a document under `key` unless one is there already (first write wins); false when it was. */
  putOnce(key: string, document: string): Promise<boolean>;
}

/** The local run's archive: kept in memory, for the demo and the tests. */
export class MemoryNotificationArchive implements NotificationArchive {
  readonly documents = new Map<string, string>();

  async putOnce(key: string, document: string): Promise<boolean> {
    if (this.documents.has(key)) return false;
    this.documents.set(key, document);
    return true;
  }
}
