import { describe, expect, it } from 'vitest';
import { readScheduleTime } from '../../../shared/commit/scheduleEvent.js';
import { ScheduleEventError } from '../../../shared/errors.js';

describe('readScheduleTime', () => {
  it("reads the scheduled event's time", () => {
    // Act / Assess
    expect(readScheduleTime({ time: '2026-03-01T12:05:00Z' })).toBe(
      Date.UTC(2026, 2, 1, 12, 5),
    );
  });

  it.each([[null], [{}], [{ time: 1 }], [{ time: 'March 1, 2026' }]])(
    'refuses %j',
    (event) => {
      // Act / Assess
      expect(() => readScheduleTime(event)).toThrow(ScheduleEventError);
    },
  );
});
