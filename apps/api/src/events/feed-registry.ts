import { OnModuleDestroy } from '@nestjs/common';
import { DomainError, TooManyRequestsError } from '@policy/domain';
import { ApiKeyStore } from '../auth/api-key.store';
import { Principal } from '../auth/roles';

/** Each open feed is a live subscription; past this many in all, new ones are refused with 503. */
export const MAX_FEEDS = 200;
/** How often open feeds' keys are checked: a revoked key's feeds end within about this long. */
export const KEY_CHECK_INTERVAL_MS = 1_000;

interface Feed {
  readonly principal: Principal;
  readonly end: () => void;
}

/**
 * The open SSE feeds: at most MAX_FEEDS in all and `perKey` per API key, and none outliving its
 * key — revocation is written by another process (`npm run keys -- revoke`), so the keys of open
 * feeds are checked every KEY_CHECK_INTERVAL_MS while any is open.
 */
export class FeedRegistry implements OnModuleDestroy {
  private readonly feeds = new Set<Feed>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly perKey: number,
  ) {}

  /** Counts a new feed of `principal`, or refuses it; `end` closes the feed should its key be revoked. */
  open(principal: Principal, end: () => void): { release: () => void } {
    if (this.feeds.size >= MAX_FEEDS) {
      throw new DomainError('unavailable', 'too_many_feeds', `at most ${MAX_FEEDS} event feeds may be open at once; try again later`);
    }
    const held = [...this.feeds].filter((feed) => feed.principal.name === principal.name).length;
    if (held >= this.perKey) {
      throw new TooManyRequestsError(
        `key ${principal.name} has ${held} event feeds open, the most one key may hold`,
        5,
        'too_many_feeds_for_key',
      );
    }
    const feed: Feed = { principal, end };
    this.feeds.add(feed);
    this.timer ??= setInterval(() => this.endRevoked(), KEY_CHECK_INTERVAL_MS).unref();
    return { release: () => this.release(feed) };
  }

  get size(): number {
    return this.feeds.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private release(feed: Feed): void {
    this.feeds.delete(feed);
    if (this.feeds.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private endRevoked(): void {
    const live = new Map<string, boolean>();
    for (const feed of [...this.feeds]) {
      const name = feed.principal.name;
      // A token's feed ends when the token expires; a key's when the key is revoked.
      const expiresAt = feed.principal.expiresAt;
      if (!live.has(name)) live.set(name, expiresAt === undefined ? this.keys.isLive(feed.principal) : Date.now() < expiresAt);
      if (live.get(name)) continue;
      this.release(feed);
      feed.end();
    }
  }
}
