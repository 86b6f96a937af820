import type { Socket } from 'socket.io-client';
import type { AlertState, LiveBatch, Me, Watch } from './api.js';

/** What a view gets: the user, the watches, the live socket and a way to move around. */
export interface Ctx {
  me: Me['user'];
  watches: Watch[];
  /** Selected watch id, or '*' for all. */
  watch: string;
  socket: Socket;
  go(hash: string): void;
  canEdit: boolean;
}

/** A mounted view. `onBatch`/`onAlertState` only queue work; views render at most once per animation frame. */
export interface View {
  onBatch?(b: LiveBatch): void;
  onAlertState?(s: AlertState): void;
  dispose?(): void;
}

/** Coalesces many calls into one render per animation frame (100 updates/s → ≤ 60 renders/s, usually 4). */
export function frameScheduler(render: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      render();
    });
  };
}
