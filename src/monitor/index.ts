export { readContext, defaultCacheFile } from './context.js';
export type { ContextReading, ReadContextOptions, TokenSource } from './context.js';
export { measurePressure, pressureLevel, PRESSURE_LEVELS, DEFAULT_THRESHOLD } from './pressure.js';
export type { Pressure, PressureLevel } from './pressure.js';
export { windowForModel, resolveWindow, DEFAULT_WINDOW } from './windows.js';
export { recordStatusline, freshStatusline } from './statusline-cache.js';
export type { StatuslineFigures } from './statusline-cache.js';
export { measureSession } from './session.js';
export type { SessionPressure } from './session.js';
