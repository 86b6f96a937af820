/**
 * Which `created_at` Vakt accepts at ingest, beyond being an ISO 8601 time (the schema checks that).
 *
 * - The store keeps times as ClickHouse `DateTime('UTC')` (18.16 has no DateTime64): whole seconds from
 *   1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z. Anything outside could only be dead-lettered by the sink after ingest
 *   had answered 202, so ingest rejects it with the item's reason instead.
 * - Far in the future is a wrong date, not a clock difference: it would stay at the top of every "newest" list and
 *   outlive retention until its date came. UTC offsets span −12 h to +14 h, so a source that labels local time as
 *   UTC is never more than 14 h ahead; a day covers that plus any clock skew, and refuses only dates that cannot be
 *   right. (Within the day, the alerter still counts a mention more than 5 minutes ahead at its arrival time.)
 * - The past is accepted as far back as any watch can keep it: `retentionDays` is at most 3650 (the watch schema and
 *   VAKT_RETENTION_DAYS), and the retention janitor deletes older rows at its next run, so an older mention could
 *   only be answered 202 and then silently deleted. Within those 3650 days backfilling an archive is legitimate; a
 *   mention older than its own watch's retention is stored and then deleted by the janitor, as retention says.
 *   docs/analysts.md ("Dates far in the past or the future") tells analysts what this means for rollups and charts.
 */

/** The earliest `created_at` the store holds (DateTime's epoch), ms. */
export const EARLIEST_STORABLE_MS = 0;
/** The latest `created_at` the store holds (DateTime is UInt32 seconds: 2106-02-07T06:28:15Z), ms. */
export const LATEST_STORABLE_MS = 4_294_967_295_000;
/** How far ahead of ingest's clock a `created_at` may be. */
export const MAX_CREATED_AHEAD_MS = 24 * 60 * 60_000;
/** The longest retention a watch can have (`retentionDays` maximum, in packages/watch and VAKT_RETENTION_DAYS). */
export const MAX_RETENTION_DAYS = 3650;

/**
 * Why a schema-valid `created_at` cannot be accepted at `now` (ms), as a reason naming the field; undefined when it
 * can. Pure: the caller passes its clock.
 */
export function createdAtProblem(createdAt: string, now: number): string | undefined {
  const ms = Date.parse(createdAt);
  if (Number.isNaN(ms)) return `/created_at: ${JSON.stringify(createdAt)} is not a time`;
  if (ms < EARLIEST_STORABLE_MS)
    return `/created_at: ${createdAt} is before 1970-01-01T00:00:00Z, the earliest time the store can hold`;
  if (ms > LATEST_STORABLE_MS)
    return `/created_at: ${createdAt} is after 2106-02-07T06:28:15Z, the latest time the store can hold`;
  if (ms < now - MAX_RETENTION_DAYS * 86_400_000) {
    return `/created_at: ${createdAt} is more than ${MAX_RETENTION_DAYS} days old, the longest retention a watch can have; it would be deleted at the next retention run`;
  }
  if (ms > now + MAX_CREATED_AHEAD_MS) {
    return `/created_at: ${createdAt} is more than 24 hours ahead of this server's clock (${new Date(now).toISOString()}); check the date or time zone the source sends`;
  }
  return undefined;
}
