/**
 * The care capability's clock. SLA timers, quiet hours and the frequency cap read it; tests replace `now` to move
 * time (the API runs in the test's process), production never does.
 */
export const careClock = { now: (): Date => new Date() };
export const now = () => careClock.now();
