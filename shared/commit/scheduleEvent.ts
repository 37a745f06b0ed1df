/**
 * The instant a scheduled run stands for: the EventBridge event's `time`.
 */
import { ScheduleEventError } from '../errors.js';

/**
 * Read the `time` of an EventBridge scheduled event (ISO-8601, e.g.
 * `2026-03-01T12:05:00Z`) as epoch ms. A retried invocation of the same
 * event reads the same instant, so it decides the same.
 *
 * @throws ScheduleEventError when the event has no valid `time`.
 * @example
 * ```ts
 * readScheduleTime({ 'detail-type': 'Scheduled Event', time: '2026-03-01T12:05:00Z' }); // 1772366700000
 * ```
 */
export function readScheduleTime(event: unknown): number {
  if (typeof event !== 'object' || event === null) {
    throw new ScheduleEventError('the event is not an object');
  }
  const time = (event as { time?: unknown }).time;
  if (typeof time !== 'string') {
    throw new ScheduleEventError('time is missing');
  }
  // Date.parse accepts more than ISO-8601: insist on the shape EventBridge sends.
  const iso =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const ms = iso.test(time) ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ScheduleEventError(
      `time ${JSON.stringify(time)} is not ISO-8601`,
    );
  }
  return ms;
}
