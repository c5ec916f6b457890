export { openRepo, openRepoAtHead, findRepo, headState, dirtyFiles, dirtyFilesSoon, stateFilesIn } from './git.js';
export type { Repo, HeadState } from './git.js';
export { readConfig, rawConfig, parseDuration, parseTokenCount, DEFAULT_INTERVAL_SECONDS } from './config.js';
export type { SessionConfig } from './config.js';
export { SessionStore, SESSIONS_REF, NOTES_REF, manifestPath, sessionDir } from './session-store.js';
export type { Snapshot, SnapshotInfo } from './session-store.js';
export { snapshotOfSession } from './session-prefix.js';
export { resolveSnapshotName } from './snapshot-name.js';
export { agentflowDir, dropCarriedTask, hookLogPath, logHook, logHookAt, readHookLog, readState, updateSessionState } from './state.js';
export { keepCompactSummary, readCompactSummary } from './compact-summary.js';
export type { HookLogEntry, SessionState } from './state.js';
// sync.js is imported directly (it validates manifests with zod): the hooks' lean entry must not load it.
