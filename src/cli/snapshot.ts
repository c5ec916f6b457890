/** The save and load pipelines live in the session domain module; commands import them from here. */
export { saveSession, loadSnapshot, loadLocalSnapshot, type SaveOptions, type SaveResult, type LoadedSnapshot } from '../session/index.js';
