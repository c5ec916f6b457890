export { openRepo, findRepo, headState, dirtyFiles, runGit, stateFilesIn, GitCommandError } from './git.js';
export type { Repo, HeadState } from './git.js';
export { readConfig, rawConfig, parseDuration, parseTokenCount, DEFAULT_INTERVAL_SECONDS } from './config.js';
export type { SessionConfig } from './config.js';
export { SessionStore, SESSIONS_REF, NOTES_REF, manifestPath, sessionDir, ConcurrentUpdateError } from './session-store.js';
export type { Snapshot, SnapshotInfo } from './session-store.js';
export { agentflowDir, hookLogPath, logHook, readHookLog, readState, updateSessionState } from './state.js';
export type { HookLogEntry, SessionState } from './state.js';
