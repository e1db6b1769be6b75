/**
 * The greylist's memory: when each (client address, sender, recipient) triplet was
 * first seen. It outlives sessions, since the point is what happens when the client
 * comes back, so the driver keeps one and hands it to every session, as it does the
 * mailbox. Bounded: beyond `max` triplets the oldest are forgotten.
 */
export class Greylist {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly max = 10_000) {}

  /** Whether the triplet may pass now; the first sighting starts its clock. */
  passes(client: string, sender: string, recipient: string, now: number, delayMs: number): boolean {
    const key = `${client}\u0000${sender.toLowerCase()}\u0000${recipient.toLowerCase()}`;
    const seen = this.firstSeen.get(key);
    if (seen === undefined) {
      if (this.firstSeen.size >= this.max) this.firstSeen.delete(this.firstSeen.keys().next().value as string);
      this.firstSeen.set(key, now);
      return false;
    }
    return now - seen >= delayMs;
  }

  /** Forgets every triplet: the next try of each is a first sighting again. */
  forget(): void {
    this.firstSeen.clear();
  }
}
