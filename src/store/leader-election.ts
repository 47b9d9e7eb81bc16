import type {Campaign, Election} from 'etcd3'
import type {Store} from './store.js'

export interface LeadershipHandlers {
  onElected(): void
  onDeposed(reason: string): void
}

/**
 * Campaigns for server leadership through etcd's election recipe. The campaign lease has a
 * small TTL (the client default of 60 s would let a crashed leader hold on for a minute).
 * When the campaign fails (lease lost with quorum) the server steps down and campaigns again.
 */
export class LeaderElection {
  private readonly election: Election
  private campaign: Campaign | null = null
  private stopped = false
  private leading = false

  constructor(
    store: Store,
    private readonly candidate: string,
    ttlSeconds: number,
    private readonly handlers: LeadershipHandlers,
  ) {
    this.election = store.client.election(store.keys.election, ttlSeconds)
  }

  isLeader(): boolean {
    return this.leading
  }

  start(): void {
    if (this.stopped) return
    const campaign = this.election.campaign(this.candidate)
    this.campaign = campaign
    campaign.on('elected', () => {
      if (this.campaign !== campaign || this.stopped) return
      this.leading = true
      this.handlers.onElected()
    })
    campaign.on('error', (err: Error) => {
      if (this.campaign !== campaign) return
      this.campaign = null
      if (this.leading) {
        this.leading = false
        this.handlers.onDeposed(err.message)
      }
      if (!this.stopped) setTimeout(() => this.start(), 300)
    })
  }

  async leader(): Promise<string | undefined> {
    return this.election.leader()
  }

  async stop(): Promise<void> {
    this.stopped = true
    const c = this.campaign
    this.campaign = null
    this.leading = false
    if (c) {
      try {
        await c.resign()
      } catch {
        // best effort: the campaign lease expires within its TTL anyway
      }
    }
  }
}

/** Who leads now, read without campaigning (for `zdev server list` and status). */
export async function currentLeader(store: Store): Promise<string | undefined> {
  return store.client.election(store.keys.election).leader()
}
