/**
 * The rising-edge trigger shared by every series detector: a one-sided CUSUM on z-values (a storm that builds over
 * several points fires early, before its top), a hard z for single extreme points, minimum support, and hysteresis
 * (firing → released after `releaseMs` of low evidence → `cooldownMs` without new alerts). One storm, one alert.
 */

export type DetectorState = 'warmup' | 'quiet' | 'firing' | 'cooldown';

export interface TriggerOptions {
  /** CUSUM allowance: z-values below this do not accumulate. */
  cusumK: number;
  /** CUSUM decision threshold (in z units summed over points). */
  cusumH: number;
  /** A single point with z at or above this fires alone. */
  zHard: number;
  /** Evidence must stay low this long before a storm is considered over. */
  releaseMs: number;
  /** After a storm ends, no new alert for this long. */
  cooldownMs: number;
  /**
   * The point that fires must itself be this surprising (z, default 2 ≈ p < 0.025), so a run built on moderately high
   * points does not fire on an ordinary one: real bursts are heavy-tailed and this halves false alerts.
   */
  zTrigger?: number;
}

export interface TriggerStep {
  /** 0..1, 0.5 at the alert threshold. */
  score: number;
  alert: boolean;
  /** True on the point where a firing storm is released (the alert resolves). */
  resolved: boolean;
  state: DetectorState;
}

export interface EdgeTrigger {
  /** `warm`: the baseline may be trusted; `supported`: the excess is large enough to matter. */
  step(ts: number, z: number, supported: boolean, warm: boolean): TriggerStep;
  readonly state: DetectorState;
  /** Current CUSUM value (0 = no run in progress). */
  readonly cusum: number;
}

export function createEdgeTrigger(o: TriggerOptions): EdgeTrigger {
  let cusum = 0;
  let state: DetectorState = 'warmup';
  let lowSince: number | undefined;
  let cooldownUntil = -Infinity;

  function step(ts: number, z: number, supported: boolean, warm: boolean): TriggerStep {
    // Downward points drain the CUSUM, capped so one silent minute does not erase a building storm.
    cusum = Math.max(0, cusum + Math.max(z, -3) - o.cusumK);
    if (!supported) cusum = Math.min(cusum, o.cusumH * 0.75);
    const evidence = Math.max(cusum / o.cusumH, supported ? z / o.zHard : 0);
    const score = evidence / (1 + evidence);
    let alert = false;
    let resolved = false;
    if (!warm) state = 'warmup';
    else if (state === 'warmup') state = 'quiet';
    if (state === 'cooldown' && ts >= cooldownUntil) state = 'quiet';
    const trigger = supported && z > (o.zTrigger ?? 2) && (cusum >= o.cusumH || z >= o.zHard);
    if (state === 'quiet' && trigger) {
      state = 'firing';
      alert = true;
      lowSince = undefined;
    } else if (state === 'firing') {
      if (evidence < 0.25) {
        lowSince ??= ts;
        if (ts - lowSince >= o.releaseMs) {
          state = 'cooldown';
          cooldownUntil = ts + o.cooldownMs;
          cusum = 0;
          resolved = true;
        }
      } else lowSince = undefined;
    }
    // The score agrees with the alerts: thresholding it at 0.5 reproduces them, and since scorers such as NAB count
    // every point above a threshold, points inside an open storm (or warm-up/cooldown) are held below it: the storm
    // was already reported on its rising edge.
    const shown = alert ? Math.max(score, 0.5) : Math.min(score, state === 'quiet' ? 0.49 : 0.45);
    return { score: shown, alert, resolved, state };
  }

  return {
    step,
    get state() {
      return state;
    },
    get cusum() {
      return cusum;
    },
  };
}
